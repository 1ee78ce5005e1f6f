"""Print a TCP/UDP port of 127.0.0.1 that is free now and that this test
script has not been given before.

The kernel's bind(0) answer is the obvious choice, but two faults made CI
fail with it: successive calls can hand out the same port (a server told to
listen on two of them then cannot bind), and it comes from the ephemeral
range, where any outgoing connection of the test (curl, s_client) may take
it before the server binds it. So the port is drawn below that range, is
checked free for both TCP and UDP (nsd binds both), and is remembered in a
file per calling script (argument 1, the script's process id) until that
script is gone.
"""
import glob
import os
import random
import socket
import sys


def ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def bindable(port):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def forget_dead(directory):
    """Remove the files of scripts that have ended."""
    for path in glob.glob(os.path.join(directory, "sslshim-ports-*")):
        try:
            os.kill(int(path.rsplit("-", 1)[1]), 0)
        except ProcessLookupError:
            try:
                os.unlink(path)
            except OSError:
                pass
        except (ValueError, PermissionError):
            pass


def main():
    owner = sys.argv[1] if len(sys.argv) > 1 else str(os.getppid())
    directory = os.environ.get("TMPDIR", "/tmp")
    forget_dead(directory)
    record = os.path.join(directory, "sslshim-ports-" + owner)
    try:
        with open(record) as f:
            given = {int(line) for line in f if line.strip()}
    except OSError:
        given = set()
    high = ephemeral_low() - 1
    low = min(10000, high - 1000)
    for _ in range(2000):
        port = random.randint(low, high)
        if port not in given and bindable(port):
            with open(record, "a") as f:
                f.write("%d\n" % port)
            print(port)
            return 0
    print("free_port: no free port in %d-%d" % (low, high), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
