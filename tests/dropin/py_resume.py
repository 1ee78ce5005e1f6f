"""Python's ssl module resuming a session (Debian's /usr/bin/python3,
unchanged): SSLSocket.session hands out a copy made with i2d_SSL_SESSION
and d2i_SSL_SESSION, and wrap_socket(session=...) offers it. Connects to
127.0.0.1:PORT twice with at most VERSION ("1.2" or "1.3") and prints what
a program sees of the session and whether the second connection resumed.
    py_resume.py PORT CAFILE VERSION
"""
import socket
import ssl
import sys

port, cafile, version = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)
ctx.maximum_version = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]


def fetch(session=None):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost", session=session) as s:
            s.sendall(b"GET /index.html HTTP/1.0\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            # A TLS 1.3 ticket arrives after the handshake: read first.
            return s.version(), s.session_reused, s.session, data.decode().splitlines()[-1]


try:
    v, reused, sess, reply = fetch()
    print("first", v, "reused", reused, "reply", reply)
    print("session is an SSLSession", isinstance(sess, ssl.SSLSession))
    print("session has_ticket", sess.has_ticket, "id length", len(sess.id))
    print("session equal to itself", sess == sess)
    v, reused, sess2, reply = fetch(sess)
    print("second", v, "reused", reused, "reply", reply)
    print("second session same id", sess2.id == sess.id)
except (ssl.SSLError, ValueError) as e:
    print(type(e).__name__, e)
