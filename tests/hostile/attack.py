#!/usr/bin/env python3
"""The hostile peer of tests/hostile/run.sh.

Usage: attack.py SCENARIO PORT CERTSDIR

srv-* scenarios connect to tests/hostile/peer (the server under test) and
send crafted bytes, or run a real TLS client (Python ssl over memory BIOs,
so every byte on the wire is ours to delay, cut or reset). cli-* scenarios
listen for peer (the client under test) and answer its ClientHello with
crafted records. What the peer sends back (its alert, or end of stream) is
printed, so the suite compares the alert sent by our library with the one
the real OpenSSL sends.
"""
import os
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time

SCENARIO, PORT, CERTS = sys.argv[1], int(sys.argv[2]), sys.argv[3]

HANDSHAKE_NAMES = {1: "ClientHello", 2: "ServerHello", 11: "Certificate", 12: "ServerKeyExchange",
                   14: "ServerHelloDone", 4: "NewSessionTicket", 0: "HelloRequest"}


def out(line):
    print(line, flush=True)


# ---- wire format -----------------------------------------------------------

def record(ctype, body, version=0x0303):
    return struct.pack("!BHH", ctype, version, len(body)) + body


def handshake(msg_type, body):
    return struct.pack("!B", msg_type) + len(body).to_bytes(3, "big") + body


def ext(etype, body=b""):
    return struct.pack("!HH", etype, len(body)) + body


def vec(body, n):
    return len(body).to_bytes(n, "big") + body


def client_hello(legacy=0x0303, tls13=True, extra_exts=b""):
    ciphers = [0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8]
    if tls13:
        ciphers = [0x1301, 0x1302, 0x1303] + ciphers
    if legacy < 0x0303:
        ciphers += [0xC013, 0xC014, 0x002F, 0x0035]  # CBC suites of TLS 1.0/1.1
    exts = ext(0, vec(b"\x00" + vec(b"localhost", 2), 2))
    exts += ext(10, vec(struct.pack("!HH", 0x001D, 0x0017), 2))
    exts += ext(11, vec(b"\x00", 1))
    exts += ext(13, vec(struct.pack("!5H", 0x0403, 0x0804, 0x0401, 0x0503, 0x0805), 2))
    exts += ext(23) + ext(0xFF01, b"\x00")
    if tls13:
        exts += ext(43, vec(struct.pack("!HH", 0x0304, 0x0303), 1))
        exts += ext(45, vec(b"\x01", 1))
        exts += ext(51, vec(struct.pack("!HH", 0x001D, 32) + os.urandom(32), 2))
    exts += extra_exts
    body = struct.pack("!H", legacy) + os.urandom(32) + vec(os.urandom(32), 1)
    body += vec(b"".join(struct.pack("!H", c) for c in ciphers), 2) + vec(b"\x00", 1)
    body += vec(exts, 2)
    return handshake(1, body)


def fragment(ctype, data, version=0x0303, size=16384):
    return b"".join(record(ctype, data[i:i + size], version) for i in range(0, len(data), size))


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_record(sock):
    hdr = read_exact(sock, 5)
    if hdr is None:
        return None
    ctype, version, length = struct.unpack("!BHH", hdr)
    body = read_exact(sock, length)
    return None if body is None else (ctype, version, body)


def describe(rec):
    ctype, _, body = rec
    if ctype == 21 and len(body) == 2:
        return "alert level=%d desc=%d" % (body[0], body[1])
    if ctype == 22 and body:
        return "handshake %s" % HANDSHAKE_NAMES.get(body[0], body[0])
    if ctype == 23:
        return "application data (encrypted)"
    if ctype == 20:
        return "change_cipher_spec"
    return "record type %d" % ctype


def report_until_close(sock, label="peer sent", quiet_after=None):
    """Prints what the peer sends until it closes (or goes quiet for
    `quiet_after` seconds): each plaintext handshake message (reassembled
    across records), the first change_cipher_spec and encrypted record, and
    every alert. Returns the records."""
    seen, recs, hs = set(), [], b""
    sock.settimeout(quiet_after or 10)
    while True:
        try:
            rec = read_record(sock)
        except socket.timeout:
            if quiet_after is None:
                out("%s: nothing for 10 s (hang)" % label)
            return recs
        except ConnectionResetError:
            out("%s: connection reset" % label)
            return recs
        if rec is None:
            out("%s: end of stream" % label)
            return recs
        recs.append(rec)
        ctype, _, body = rec
        if ctype == 22 and "change_cipher_spec" not in seen:
            hs += body
            while len(hs) >= 4 and len(hs) >= 4 + int.from_bytes(hs[1:4], "big"):
                n = 4 + int.from_bytes(hs[1:4], "big")
                out("%s: handshake %s" % (label, HANDSHAKE_NAMES.get(hs[0], hs[0])))
                hs = hs[n:]
            continue
        d = describe(rec)
        if ctype in (22, 23, 20):
            if d in seen:
                continue
            seen.add(d)
        out("%s: %s" % (label, d))


def connect():
    for _ in range(100):
        try:
            s = socket.create_connection(("127.0.0.1", PORT))
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return s
        except ConnectionRefusedError:
            time.sleep(0.05)
    raise SystemExit("could not connect")


def listen():
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", PORT))
    ls.listen(1)
    ls.settimeout(20)
    s, _ = ls.accept()
    ls.close()
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


# ---- a real TLS client whose bytes we control -------------------------------

class WireClient:
    """Python ssl over memory BIOs on a raw socket."""

    def __init__(self, sock):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(os.path.join(CERTS, "ca.pem"))
        self.sock, self.inc, self.outg = sock, ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.inc, self.outg, server_hostname="localhost")

    def send(self, data, byte_delay=None):
        if byte_delay is None:
            self.sock.sendall(data)
            return
        for i in range(len(data)):
            self.sock.sendall(data[i:i + 1])
            time.sleep(byte_delay)

    def flush(self, byte_delay=None):
        self.send(self.outg.read(), byte_delay)

    def handshake(self, byte_delay=None):
        while True:
            try:
                self.obj.do_handshake()
                self.flush(byte_delay)
                return
            except ssl.SSLWantReadError:
                self.flush(byte_delay)
                data = self.sock.recv(65536)
                if not data:
                    raise SystemExit("server closed during handshake")
                self.inc.write(data)

    def encrypt(self, data):
        self.obj.write(data)
        return self.outg.read()

    def read(self, n=65536):
        while True:
            try:
                return self.obj.read(n)
            except ssl.SSLWantReadError:
                data = self.sock.recv(65536)
                if not data:
                    self.inc.write_eof()
                else:
                    self.inc.write(data)
            except ssl.SSLZeroReturnError:
                return b""


# ---- server-side scenarios (peer is the server) -----------------------------

def srv_send_and_report(payload, quiet_after=None):
    s = connect()
    try:
        s.sendall(payload)
    except (BrokenPipeError, ConnectionResetError):
        out("send interrupted by the peer")
    report_until_close(s, quiet_after=quiet_after)
    s.close()


def srv_alert_mid_handshake():
    s = connect()
    s.sendall(record(22, client_hello(tls13=False), 0x0301))
    report_until_close(s, quiet_after=1.0)  # the server's flight, then it waits
    s.sendall(record(21, b"\x02\x28"))  # fatal handshake_failure
    report_until_close(s, "after our alert")
    s.close()


def srv_slowloris():
    s = connect()
    c = WireClient(s)
    t0 = time.monotonic()
    c.handshake(byte_delay=0.004)
    out("slowloris handshake %s" % c.obj.version())
    c.send(c.encrypt(b"hello"), byte_delay=0.004)
    out("slowloris reply %r" % c.read())
    out("# slowloris took %.2f s" % (time.monotonic() - t0))
    s.close()


def srv_stop_reading():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(os.path.join(CERTS, "ca.pem"))
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    for _ in range(100):
        try:
            raw.connect(("127.0.0.1", PORT))
            break
        except ConnectionRefusedError:
            time.sleep(0.05)
    s = ctx.wrap_socket(raw, server_hostname="localhost")
    time.sleep(1.5)  # not reading: the server's writes must stall
    got, tail = 0, b""
    while True:
        data = s.recv(65536)
        if not data:
            break
        got += len(data)
        tail = (tail + data)[-64:]
    end = tail.rsplit(b"END ", 1)
    announced = int(end[1].strip()) if len(end) == 2 else -1
    payload = got - len(b"END %d\n" % announced)
    out("stalled stream complete %d" % (payload == announced))
    out("# received %d bytes, announced %d" % (payload, announced))
    s.close()


def srv_bad_ending(how):
    s = connect()
    c = WireClient(s)
    c.handshake()
    rec = c.encrypt(b"hello world")
    if how == "eof-no-close-notify":
        c.send(rec)
    else:
        c.send(rec[: len(rec) // 2])
    time.sleep(0.2)
    if how == "reset-mid-record":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        out("sent half a record, then a TCP reset")
        return
    s.shutdown(socket.SHUT_WR)
    s.settimeout(10)
    try:
        while s.recv(65536):
            pass
    except ConnectionResetError:
        pass
    out("sent %s, then end of stream" % ("a whole record" if how == "eof-no-close-notify" else "half a record"))
    s.close()


def srv_eintr():
    s = connect()
    c = WireClient(s)
    c.handshake()
    time.sleep(1.0)  # the server's blocking read is interrupted meanwhile
    c.send(c.encrypt(b"late"))
    s.shutdown(socket.SHUT_WR)
    s.settimeout(10)
    try:
        while s.recv(65536):
            pass
    except ConnectionResetError:
        pass
    out("sent data after 1 s")
    s.close()


# ---- client-side scenarios (peer is the client) -----------------------------

def server_hello(version, cipher=0xC02F, session_id=b"", exts=b""):
    body = struct.pack("!H", version) + os.urandom(32) + vec(session_id, 1)
    body += struct.pack("!HB", cipher, 0)
    if exts:
        body += vec(exts, 2)
    return handshake(2, body)


def offered_ciphers(ch):
    body = ch[4:]
    sid_len = body[34]
    p = 35 + sid_len
    n = struct.unpack("!H", body[p:p + 2])[0]
    return [struct.unpack("!H", body[p + 2 + i:p + 4 + i])[0] for i in range(0, n, 2)], body[35:35 + sid_len]


def read_client_hello(s):
    s.settimeout(10)
    data = b""
    while True:
        rec = read_record(s)
        if rec is None:
            raise SystemExit("client closed before its ClientHello")
        data += rec[2]
        if len(data) >= 4 and len(data) >= 4 + int.from_bytes(data[1:4], "big"):
            return data


def pem_certs(path):
    import base64
    certs, cur = [], None
    for line in open(path):
        line = line.strip()
        if line.startswith("-----BEGIN CERTIFICATE"):
            cur = []
        elif line.startswith("-----END CERTIFICATE"):
            certs.append(base64.b64decode("".join(cur)))
            cur = None
        elif cur is not None:
            cur.append(line)
    return certs


def cli_answer(make_reply):
    s = listen()
    ch = read_client_hello(s)
    reply = make_reply(ch)
    done = threading.Event()

    def sender():
        try:
            s.sendall(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass
        done.set()

    t = threading.Thread(target=sender)
    t.start()
    report_until_close(s, "client sent")
    t.join()
    s.close()


def huge_chain(ch):
    ciphers, sid = offered_ciphers(ch)
    cipher = 0xC02B if 0xC02B in ciphers else 0xC02F
    exts = ext(0xFF01, b"\x00") + ext(23) + ext(11, vec(b"\x00", 1))
    leaf, inter = pem_certs(os.path.join(CERTS, "server-chain.pem"))[:2]
    chain = [leaf] + [inter] * 300
    certs = b"".join(vec(c, 3) for c in chain)
    out("# certificate message of %d bytes (%d certificates)" % (len(certs) + 3, len(chain)))
    msgs = server_hello(0x0303, cipher, sid, exts) + handshake(11, vec(certs, 3))
    return fragment(22, msgs)


def cli_renegotiate():
    srv = subprocess.Popen(
        ["openssl", "s_server", "-tls1_2", "-accept", str(PORT), "-naccept", "1",
         "-cert", os.path.join(CERTS, "server.pem"), "-key", os.path.join(CERTS, "server.key")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    timer = threading.Timer(20, srv.kill)
    timer.start()
    asked = False
    for line in srv.stdout:
        lines.append(line)
        if line.startswith("ready") and not asked:
            srv.stdin.write("r\n")  # s_server: SSL_renegotiate + handshake
            srv.stdin.flush()
            asked = True
    srv.wait()
    timer.cancel()
    text = "".join(lines)
    out("s_server asked for renegotiation %d" % asked)
    out("s_server saw no_renegotiation %d" % ("no renegotiation" in text))
    for line in lines:
        out("# s_server: " + line.rstrip())


def main():
    sc = SCENARIO
    if sc == "srv-oversize-record":
        # 16385 bytes: over the plaintext limit (2^14), under the ciphertext one
        srv_send_and_report(record(22, b"\x01" + b"\x00" * 16384, 0x0301))
    elif sc == "srv-oversize-ciphertext":
        # 18433 bytes: over every record limit (2^14 + 2048)
        srv_send_and_report(record(22, b"\x01" + b"\x00" * 18432, 0x0301))
    elif sc == "srv-unknown-content-type":
        srv_send_and_report(record(99, b"\x00" * 5, 0x0301))
    elif sc == "srv-appdata-first":
        srv_send_and_report(record(23, b"\x00" * 32, 0x0303))
    elif sc == "srv-alert-mid-handshake":
        srv_alert_mid_handshake()
    elif sc == "srv-many-extensions":
        extra = b"".join(ext(0x4000 + i) for i in range(5000))
        # then we go quiet and close: the server meets end of stream
        srv_send_and_report(fragment(22, client_hello(extra_exts=extra), 0x0301), 1.0)
    elif sc == "srv-tls10-only":
        srv_send_and_report(record(22, client_hello(0x0301, tls13=False), 0x0301))
    elif sc == "srv-tls11-only":
        srv_send_and_report(record(22, client_hello(0x0302, tls13=False), 0x0301))
    elif sc == "srv-ssl3-only":
        srv_send_and_report(record(22, client_hello(0x0300, tls13=False), 0x0300))
    elif sc == "srv-slowloris":
        srv_slowloris()
    elif sc == "srv-stop-reading":
        srv_stop_reading()
    elif sc in ("srv-reset-mid-record", "srv-eof-mid-record", "srv-eof-no-close-notify"):
        srv_bad_ending(sc[4:])
    elif sc == "srv-eintr":
        srv_eintr()
    elif sc == "cli-oversize-record":
        cli_answer(lambda ch: record(22, b"\x02" + b"\x00" * 16384))
    elif sc == "cli-oversize-ciphertext":
        cli_answer(lambda ch: record(22, b"\x02" + b"\x00" * 18432))
    elif sc == "cli-unknown-content-type":
        cli_answer(lambda ch: record(99, b"\x00" * 5))
    elif sc == "cli-alert-mid-handshake":
        cli_answer(lambda ch: record(21, b"\x02\x28"))
    elif sc in ("cli-tls10-server", "cli-tls11-server", "cli-ssl3-server"):
        v = {"cli-tls10-server": 0x0301, "cli-tls11-server": 0x0302, "cli-ssl3-server": 0x0300}[sc]
        exts = ext(0xFF01, b"\x00") + ext(11, vec(b"\x00", 1))
        cli_answer(lambda ch: record(22, server_hello(v, 0xC013, offered_ciphers(ch)[1], exts), v))
    elif sc == "cli-huge-chain":
        cli_answer(huge_chain)
    elif sc == "cli-renegotiate":
        cli_renegotiate()
    else:
        raise SystemExit("unknown scenario " + sc)


main()
