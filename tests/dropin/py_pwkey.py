"""Python's ssl module as a server (Debian's /usr/bin/python3, unchanged)
whose private key is an encrypted PEM file, loaded with
`load_cert_chain(chain, key, password=...)`: Python sets the context's
default password callback and calls SSL_CTX_use_PrivateKey_file, so the
key is decrypted through that callback.
    py_pwkey.py PORT CHAIN KEY MODE PASSWORD
MODE: str       password given as a str
      callable  password given as a function (prints that it was called)
With a wrong PASSWORD the loading fails: the exception is printed and the
script exits without listening. Otherwise it prints "listening", serves
ONE connection and prints the version and the line received.
"""
import ssl
import sys

from py_listen import accept_one

port, chain, key, mode, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
calls = []


def ask():
    calls.append(1)
    return password


try:
    ctx.load_cert_chain(chain, key, password=ask if mode == "callable" else password)
except Exception as e:  # the exception a program sees is what is compared
    print("load_cert_chain", type(e).__name__, e.args)
    if mode == "callable":
        print("password function called", len(calls), "times")
    sys.exit(0)
print("load_cert_chain ok")
if mode == "callable":
    print("password function called", len(calls), "times")

raw = accept_one(port)
try:
    with ctx.wrap_socket(raw, server_side=True) as s:
        print("version", s.version())
        line = s.recv(200).decode().strip()
        print("received", line)
        s.sendall(b"python server says hello\n")
except (ssl.SSLError, OSError) as e:
    print("SSLError", getattr(e, "reason", None) or e)
