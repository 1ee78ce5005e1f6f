#!/usr/bin/env python3
"""Python's ssl module as a client of the example server.

usage: py_client.py PORT CAFILE [max-version: 1.2|1.3]
Prints "version <v>", "cipher <name>", "answer <line>"; exits 1 on failure.
"""
import socket
import ssl
import sys

port, cafile = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=cafile)  # verification + hostname check on
if len(sys.argv) > 3 and sys.argv[3] == "1.2":
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
    with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
        print("version", tls.version())
        print("cipher", tls.cipher()[0])
        tls.sendall(b"hello from python\n")
        data = b""
        while True:
            chunk = tls.recv(4096)
            if not chunk:
                break
            data += chunk
        print("answer", data.decode().strip())
