"""Python's ssl module (Debian's /usr/bin/python3, unchanged) with a
message callback (SSLContext._msg_callback, on SSL_CTX_set_msg_callback):
one connection, as a client to 127.0.0.1:PORT or as a server accepting one,
printing each call: direction, version, content type (256: a record
header, 257: a TLS 1.3 inner content type), handshake message type, length.
    py_msg_trace.py client PORT CERTDIR VERSION
    py_msg_trace.py server PORT CERTDIR VERSION
VERSION is "1.2" or "1.3". Lengths that differ between implementations or
runs are printed as "-": the ClientHello's (rustls offers other extensions
and key shares) and those of messages carrying a signature (its length
varies from one run to the next). A server prints no record headers nor
inner content types, and only the Finished's length: rustls sends a TLS
1.3 flight in one record, and tickets of its own form.
"""
import socket
import ssl
import sys

from py_listen import accept_one

role, port, certs, version = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
top = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]
CLIENT_HELLO, SERVER_KEY_EXCHANGE, CERTIFICATE_VERIFY, FINISHED = 1, 12, 15, 20


def show(conn, direction, version, content_type, msg_type, data):
    content_type, msg_type = int(content_type), int(msg_type)
    length = str(len(data))
    if content_type == 22 and msg_type in (CLIENT_HELLO, SERVER_KEY_EXCHANGE, CERTIFICATE_VERIFY):
        length = "-"
    if role == "server":
        if content_type in (256, 257):
            return
        if content_type == 22 and msg_type != FINISHED:
            length = "-"
    print(direction, hex(int(version)), content_type, msg_type, length, flush=True)


if role == "server":
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(f"{certs}/server-chain.pem", f"{certs}/server.key")
else:
    ctx = ssl.create_default_context(cafile=f"{certs}/ca.pem")
ctx.maximum_version = top
ctx._msg_callback = show

if role == "server":
    with ctx.wrap_socket(accept_one(port), server_side=True) as s:
        s.recv(100)
        s.sendall(b"bye\n")
else:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as s:
            s.sendall(b"GET /index.html HTTP/1.0\r\n\r\n")
            while s.recv(4096):
                pass
