"""One accepted TCP connection on 127.0.0.1, for the Python TLS servers of
tests/dropin (py_server.py, py_pwkey.py): prints "listening" once the port
is open, which their shell scripts wait for before starting the client."""

import socket


def accept_one(port, timeout=15):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1)
    print("listening", flush=True)
    raw, _ = listener.accept()
    listener.close()
    raw.settimeout(timeout)
    return raw
