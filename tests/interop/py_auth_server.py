#!/usr/bin/env python3
"""Python's ssl module as a server requiring a client certificate.

usage: py_auth_server.py CHAIN KEY CAFILE
Listens on 127.0.0.1 (a free port), prints "listening on PORT", accepts one
connection with CERT_REQUIRED, prints "client subject /K=v/...", echoes one
line; exits 1 on failure.
"""
import socket
import ssl
import sys

chain, key, cafile = sys.argv[1:4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(chain, key)
ctx.load_verify_locations(cafile)
ctx.verify_mode = ssl.CERT_REQUIRED
names = {"organizationName": "O", "commonName": "CN"}
with socket.create_server(("127.0.0.1", 0)) as srv:
    print("listening on", srv.getsockname()[1], flush=True)
    srv.settimeout(20)
    raw, _ = srv.accept()
    with ctx.wrap_socket(raw, server_side=True) as tls:
        print("version", tls.version())
        subject = tls.getpeercert()["subject"]
        print("client subject", "".join("/%s=%s" % (names.get(k, k), v) for rdn in subject for k, v in rdn))
        line = b""
        while not line.endswith(b"\n"):
            chunk = tls.recv(1024)
            if not chunk:
                break
            line += chunk
        print("request", line.decode().strip(), flush=True)
        tls.sendall(b"echo: " + line)
