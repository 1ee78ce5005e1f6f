"""Python's ssl module as a server (Debian's /usr/bin/python3, unchanged):
accepts ONE connection on 127.0.0.1:PORT, serves it and prints what a
program sees, so the same script on the real libssl and on the drop-in
library can be compared line by line.
    py_server.py PORT CERTDIR MODE
MODE: plain    server.pem, no client certificate asked
      sni      an sni_callback records the name and switches to a second
               context (wrong-host-chain.pem) for "other.example"
      alpn     set_alpn_protocols(["h2", "http/1.1"])
      clientcert  verify_mode CERT_REQUIRED, cafile ca.pem
Prints "listening" once bound, then the connection's version, cipher,
ALPN, SNI name, peer subject, the line received, or the SSL error.
"""
import ssl
import sys

from py_listen import accept_one

port, certs, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]


def context(chain, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(f"{certs}/{chain}", f"{certs}/{key}")
    return ctx


ctx = context("server-chain.pem", "server.key")
seen = {}
if mode == "sni":
    other = context("wrong-host-chain.pem", "wrong-host.key")

    def pick(sslobj, name, _ctx):
        seen["sni"] = name
        if name == "other.example":
            sslobj.context = other
        return None

    ctx.sni_callback = pick
elif mode == "alpn":
    ctx.set_alpn_protocols(["h2", "http/1.1"])
elif mode == "clientcert":
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(cafile=f"{certs}/ca.pem")

raw = accept_one(port)
try:
    with ctx.wrap_socket(raw, server_side=True) as s:
        print("version", s.version())
        name, proto, bits = s.cipher()
        print("cipher", name, proto, bits)
        # The negotiated suite as get_ciphers() describes it (nids, AEAD,
        # description: SSL_CIPHER_* through a STACK_OF(SSL_CIPHER)); the
        # lists themselves differ (OpenSSL knows suites rustls lacks).
        desc = [c for c in ctx.get_ciphers() if c["name"] == name]
        print("get_ciphers entry", sorted(desc[0].items()) if desc else None)
        shared = s.shared_ciphers() or []
        print("negotiated suite in shared_ciphers", any(c[0] == name for c in shared))
        print("alpn", s.selected_alpn_protocol())
        print("sni", seen.get("sni"))
        print("context switched", s.context is not ctx)
        cert = s.getpeercert()
        print("peer subject", dict(x[0] for x in cert["subject"]) if cert else None)
        line = b""
        while not line.endswith(b"\n"):
            chunk = s.recv(1024)
            if not chunk:
                break
            line += chunk
        print("received", line.decode().strip())
        s.sendall(b"python server says " + line)
        s.unwrap()
except ssl.SSLError as e:
    print("SSLError", e.library, e.reason)
except OSError as e:
    print("OSError", type(e).__name__)
