"""A stand-in FortiGate SSL-VPN gateway for openfortivpn's login, on
Python's ssl (the system OpenSSL): HTTPS on 127.0.0.1:PORT with
tests/certs' server chain, keep-alive HTTP/1.1. POST /remote/logincheck
answers 200 without an SVPNCOOKIE (a rejected login, so openfortivpn stops
before starting pppd); /remote/logout answers 200. Each request is logged
to LOG as "METHOD PATH BODY". Runs until killed.
    fortigate.py PORT CERTDIR LOG
"""
import http.server
import ssl
import sys

port, certs, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Gateway(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, body):
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self, body):
        with open(log, "a") as f:
            f.write(f"{self.command} {self.path} {body}\n")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode(errors="replace")
        self.record(body)
        self.answer("ret=0,redir=/remote/login\n")

    def do_GET(self):
        self.record("")
        self.answer("bye\n")

    def log_message(self, *args):
        pass


ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(f"{certs}/server-chain.pem", f"{certs}/server.key")
srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), Gateway)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print("listening", flush=True)
srv.serve_forever()
