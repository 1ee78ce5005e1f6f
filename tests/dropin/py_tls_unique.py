"""Python's ssl module (Debian's /usr/bin/python3, unchanged) reading the
"tls-unique" channel binding (RFC 5929: the first Finished message of the
latest handshake, through SSL_get_finished / SSL_get_peer_finished) on
both ends of two connections, a full handshake and a resumed one:
    py_tls_unique.py server PORT CERTDIR VERSION
    py_tls_unique.py client PORT CERTDIR VERSION
VERSION is "1.2" or "1.3". Each end prints, per connection, whether it
was resumed and the binding's length and value (hex): the two ends' lines
must be equal, whichever libssl each runs on.
"""
import socket
import ssl
import sys

from py_listen import accept_one

role, port, certs, version = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
top = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]


def show(i, s):
    cb = s.get_channel_binding("tls-unique")
    print(f"conn {i} {s.version()} reused {s.session_reused} "
          f"tls-unique {len(cb) if cb else None} {cb.hex() if cb else None}", flush=True)


if role == "server":
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(f"{certs}/server-chain.pem", f"{certs}/server.key")
    ctx.maximum_version = top
    for i in range(2):
        with ctx.wrap_socket(accept_one(port), server_side=True) as s:
            s.recv(100)
            s.sendall(b"reply\n")
            show(i, s)
else:
    ctx = ssl.create_default_context(cafile=f"{certs}/ca.pem")
    ctx.maximum_version = top
    session = None
    for i in range(2):
        for _ in range(100):  # the server listens again for the second
            try:
                raw = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except ConnectionRefusedError:
                import time
                time.sleep(0.05)
        with ctx.wrap_socket(raw, server_hostname="localhost", session=session) as s:
            s.sendall(b"hello\n")
            s.recv(100)  # a TLS 1.3 ticket arrives with the reply
            show(i, s)
            session = s.session
