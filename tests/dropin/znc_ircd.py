"""A tiny IRC server over TLS for tests/dropin/znc.sh, on python3's ssl (the
real libssl): accepts connections on 127.0.0.1:PORT with CERT/KEY, logs
each connection's TLS version (or its handshake error) and every line it
receives to LOG; once a client has sent NICK and USER it gets the welcome
(001), a short MOTD and a private message to keep ("hello from the test
ircd"); PING is answered with PONG. Runs until killed. HOST (default
127.0.0.1) is the loopback address to listen on.
  znc_ircd.py PORT CERT KEY LOG [HOST]
"""
import socket
import ssl
import sys
import threading

port, cert, key, logname = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
host = sys.argv[5] if len(sys.argv) > 5 else "127.0.0.1"
log_lock = threading.Lock()
logf = open(logname, "a", buffering=1)


def log(line):
    with log_lock:
        logf.write(line + "\n")


def serve(conn, n):
    try:
        conn.do_handshake()
    except (ssl.SSLError, OSError) as e:
        log("conn %d: handshake failed: %s" % (n, getattr(e, "reason", None) or e))
        conn.close()
        return
    log("conn %d: tls %s" % (n, conn.version()))
    nick = None
    buf = b""
    try:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.rstrip(b"\r").decode("utf-8", "replace")
                log("conn %d: < %s" % (n, line))
                cmd = line.split(" ", 1)[0].upper()
                out = []
                if cmd == "NICK":
                    nick = line.split(" ", 1)[1].lstrip(":")
                elif cmd == "USER" and nick:
                    out = [":irc.sslshim.test 001 %s :Welcome to the sslshim test IRC network" % nick,
                           ":irc.sslshim.test 375 %s :- irc.sslshim.test Message of the day -" % nick,
                           ":irc.sslshim.test 372 %s :- sslshim test motd" % nick,
                           ":irc.sslshim.test 376 %s :End of /MOTD command." % nick,
                           ":bob!bob@test.example PRIVMSG %s :hello from the test ircd" % nick]
                elif cmd == "PING":
                    out = [":irc.sslshim.test PONG irc.sslshim.test " + line.split(" ", 1)[1]]
                elif cmd == "QUIT":
                    out = ["ERROR :Closing link"]
                for o in out:
                    conn.sendall(o.encode() + b"\r\n")
    except (ssl.SSLError, OSError) as e:
        log("conn %d: error: %s" % (n, e))
    log("conn %d: closed" % n)
    conn.close()


def main():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(8)
    log("listening")
    n = 0
    while True:
        c, _ = s.accept()
        n += 1
        conn = ctx.wrap_socket(c, server_side=True, do_handshake_on_connect=False)
        threading.Thread(target=serve, args=(conn, n), daemon=True).start()


main()
