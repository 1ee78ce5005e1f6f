"""Python's ssl module (Debian's /usr/bin/python3, unchanged) moving data
both ways over one connection with an `openssl` peer, for
tests/dropin/chacha.sh:
    py_chacha.py client PORT CERTDIR VERSION CIPHERS
        connects to `openssl s_server -rev` (which sends each line back
        reversed) and checks the replies;
    py_chacha.py server PORT CERTDIR VERSION CIPHERS CHAIN KEY
        serves one `openssl s_client`: reads lines up to "END", replies
        with their SHA-256, then sends PAYLOAD_LINES lines.
VERSION is 1.2 or 1.3 (both bounds); CIPHERS, for TLS 1.2, goes to
set_ciphers (TLS 1.3's suites are the peer's to restrict). Prints
"listening" (server) once bound, then the version and cipher the
connection reports and what the data checks found.
"""
import hashlib
import ssl
import sys

from py_listen import accept_one

role, port, certs, version, ciphers = sys.argv[1:6]
port = int(port)
PAYLOAD_LINES = 4000


def line(i):
    # ~60 bytes a line: the payload is several 16 KiB records.
    return f"line {i:05d} " + "abcdefghijklmnopqrstuvwxyz0123456789" * ((i % 3) + 1) + "\n"


def setup(ctx):
    v = ssl.TLSVersion.TLSv1_3 if version == "1.3" else ssl.TLSVersion.TLSv1_2
    ctx.minimum_version = ctx.maximum_version = v
    if version == "1.2":
        ctx.set_ciphers(ciphers)
    return ctx


def report(s):
    print("version", s.version())
    print("cipher", s.cipher()[0])


if role == "client":
    import socket

    ctx = setup(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
    ctx.load_verify_locations(cafile=f"{certs}/ca.pem")
    with socket.create_connection(("127.0.0.1", port)) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as s:
            report(s)
            f = s.makefile("rb")
            sent = [line(i) for i in range(PAYLOAD_LINES)]
            # In batches, so neither side's buffers fill while the other
            # writes.
            good = 0
            for start in range(0, PAYLOAD_LINES, 100):
                batch = sent[start : start + 100]
                s.sendall("".join(batch).encode())
                for want in batch:
                    got = f.readline().decode()
                    good += got == want[:-1][::-1] + "\n"
            print("reversed lines back", good, "of", PAYLOAD_LINES)
            s.sendall(b"Q\n")
else:
    chain, key = sys.argv[6:8]
    ctx = setup(ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER))
    ctx.load_cert_chain(f"{certs}/{chain}", f"{certs}/{key}")
    raw = accept_one(port)
    with ctx.wrap_socket(raw, server_side=True) as s:
        report(s)
        f = s.makefile("rb")
        h = hashlib.sha256()
        n = 0
        while True:
            got = f.readline()
            if got in (b"END\n", b""):
                break
            h.update(got)
            n += 1
        print("received lines", n, "sha256", h.hexdigest())
        s.sendall(f"digest {h.hexdigest()}\n".encode())
        s.sendall("".join(line(i) for i in range(PAYLOAD_LINES)).encode())
        s.sendall(b"DONE\n")
        f.close()
        try:
            s.unwrap()
        except (ssl.SSLError, OSError):
            pass
