"""Python's ssl module as a client (Debian's /usr/bin/python3, unchanged):
connects to 127.0.0.1:PORT with SERVER_HOSTNAME checked against CAFILE,
sends an HTTP/1.0 GET and prints what a program sees: the version, whether
the peer certificate's subject names SUBJECT, the reply's last line, or the
verification error. Run on the real libssl and on the drop-in library.
    py_client.py PORT SERVER_HOSTNAME CAFILE [CERTFILE KEYFILE]
With CERTFILE and KEYFILE, load_cert_chain gives the client a certificate.
"""
import socket
import ssl
import sys

port, host, cafile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)
if len(sys.argv) > 5:
    ctx.load_cert_chain(sys.argv[4], sys.argv[5])
print("check_hostname", ctx.check_hostname, "verify_mode", ctx.verify_mode)
try:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=host) as s:
            print("version", s.version())
            cert = s.getpeercert()
            print("subject", dict(x[0] for x in cert["subject"]))
            print("subjectAltName", cert.get("subjectAltName"))
            s.sendall(b"GET /index.html HTTP/1.0\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            print("reply", data.decode().splitlines()[-1])
except ssl.SSLCertVerificationError as e:
    print("SSLCertVerificationError", e.verify_code, e.verify_message)
except ssl.SSLError as e:
    print("SSLError", e.library, e.reason)
