"""A memcached text-protocol client over TLS (python3's ssl on the REAL
libssl: never preloaded), one command at a time so the server never holds
pipelined requests: sets each VALUE FILE under its key, gets them back,
prints the replies (a long value as its length and digest).
    mc_client.py PORT CAFILE TLSVERSION KEY=FILE...
"""
import hashlib
import socket
import ssl
import sys

port, cafile, version = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)
ctx.check_hostname = False
ctx.minimum_version = ctx.maximum_version = getattr(ssl.TLSVersion, version)
raw = socket.create_connection(("127.0.0.1", port), timeout=10)
s = ctx.wrap_socket(raw)
print("version", s.version())
buf = b""


def reply(end):
    global buf
    while not buf.endswith(end):
        chunk = s.recv(65536)
        if not chunk:
            raise SystemExit("connection closed; had %r" % buf[-80:])
        buf += chunk
    r, buf = buf, b""
    return r


def show(r):
    for line in r.split(b"\r\n")[:-1]:
        text = line.decode()
        print(text if len(text) < 100 else "%d bytes sha256 %s" % (len(line), hashlib.sha256(line).hexdigest()[:16]))


for arg in sys.argv[4:]:
    key, path = arg.split("=", 1)
    value = open(path, "rb").read().strip()
    s.sendall(b"set %s 0 0 %d\r\n%s\r\n" % (key.encode(), len(value), value))
    show(reply(b"\r\n"))
for arg in sys.argv[4:]:
    key = arg.split("=", 1)[0]
    s.sendall(b"get %s\r\n" % key.encode())
    show(reply(b"END\r\n"))
s.sendall(b"quit\r\n")
print("closed", s.recv(100) == b"")
