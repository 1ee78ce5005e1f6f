"""DNS-over-TLS client for tests/dropin/nsd.sh, on python3's ssl (the real
libssl): sends hand-built DNS queries (fixed ids, one after the other on one
TLS connection, each with DNS over TCP's 2-byte length prefix), prints the
TLS version, the server certificate's subject and each answer decoded
(rcode, flags, records) with its bytes in hex.
  nsd_dot.py PORT CAFILE TLSVER NAME/TYPE...     (TLSVER: 1.2, 1.3 or any)
"""
import socket
import ssl
import struct
import sys

TYPES = {"A": 1, "NS": 2, "SOA": 6, "TXT": 16, "AAAA": 28}
NAMES = {v: k for k, v in TYPES.items()}


def query(qid, name, qtype):
    msg = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0)  # RD off: authoritative
    for label in name.rstrip(".").split("."):
        msg += bytes([len(label)]) + label.encode()
    return msg + b"\0" + struct.pack(">HH", TYPES[qtype], 1)


def name_at(msg, off):
    labels, end = [], None
    while True:
        n = msg[off]
        if n >= 0xC0:
            end = end or off + 2
            off = ((n & 0x3F) << 8) | msg[off + 1]
            continue
        if n == 0:
            return ".".join(labels) + ".", end or off + 1
        labels.append(msg[off + 1:off + 1 + n].decode())
        off += 1 + n


def rdata(msg, t, off, ln):
    d = msg[off:off + ln]
    if t == 1:
        return socket.inet_ntop(socket.AF_INET, d)
    if t == 28:
        return socket.inet_ntop(socket.AF_INET6, d)
    if t == 2:
        return name_at(msg, off)[0]
    if t == 16:
        out, i = [], 0
        while i < len(d):
            out.append('"%s"' % d[i + 1:i + 1 + d[i]].decode())
            i += 1 + d[i]
        return " ".join(out)
    if t == 6:
        mname, o = name_at(msg, off)
        rname, o = name_at(msg, o)
        return "%s %s %s" % (mname, rname, " ".join(map(str, struct.unpack(">IIIII", msg[o:o + 20]))))
    return d.hex()


def decode(msg):
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", msg[:12])
    off = 12
    for _ in range(qd):
        off = name_at(msg, off)[1] + 4
    out = ["id=%d rcode=%d aa=%d answers=%d authority=%d additional=%d"
           % (qid, flags & 0xF, (flags >> 10) & 1, an, ns, ar)]
    for sect, count in (("an", an), ("ns", ns), ("ar", ar)):
        for _ in range(count):
            name, off = name_at(msg, off)
            t, cls, ttl, ln = struct.unpack(">HHIH", msg[off:off + 10])
            off += 10
            out.append("  %s %s %d %s %s" % (sect, name, ttl, NAMES.get(t, t), rdata(msg, t, off, ln)))
            off += ln
    return out


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def main():
    port, cafile, ver = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    ctx = ssl.create_default_context(cafile=cafile)
    if ver != "any":
        v = ssl.TLSVersion.TLSv1_2 if ver == "1.2" else ssl.TLSVersion.TLSv1_3
        ctx.minimum_version = ctx.maximum_version = v
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as s:
            print("tls", s.version())
            subject = dict(x[0] for x in s.getpeercert()["subject"])
            print("server certificate CN=%s" % subject.get("commonName"))
            # One query at a time on the connection (NSD reads the next one
            # once it has answered; pipelined queries wait on the oracle too).
            for i, (n, t) in enumerate(q.split("/") for q in sys.argv[4:]):
                m = query(0x1000 + i, n, t)
                s.sendall(struct.pack(">H", len(m)) + m)
                ln = struct.unpack(">H", recv_exact(s, 2))[0]
                msg = recv_exact(s, ln)
                print("query %s %s" % (n, t))
                for line in decode(msg):
                    print(line)
                print("  hex " + msg.hex())
    print("done")


if __name__ == "__main__":
    main()
