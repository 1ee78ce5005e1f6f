"""Python's ssl module with the deprecated version-specific protocols
(SSLContext(PROTOCOL_TLSv1_2) & co.: TLSv1_2_method, TLSv1_1_method,
TLSv1_method), connecting to 127.0.0.1:PORT trusting CAFILE; prints the
bounds Python reads back, then the version and suite or the SSL error.
    py_protocols.py PORT CAFILE
"""
import socket
import ssl
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
port, cafile = int(sys.argv[1]), sys.argv[2]
for name in ("PROTOCOL_TLSv1_2", "PROTOCOL_TLSv1_1", "PROTOCOL_TLSv1"):
    ctx = ssl.SSLContext(getattr(ssl, name))
    ctx.load_verify_locations(cafile)
    print(name, ctx.minimum_version, ctx.maximum_version)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with ctx.wrap_socket(raw) as s:
                print(" version", s.version(), s.cipher()[0])
    except ssl.SSLError as e:
        print(" SSLError", e.library)
