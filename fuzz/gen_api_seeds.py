#!/usr/bin/env python3
"""Seeds for the api_sequence fuzz target (decoder: fuzz_targets/api_sequence.rs).

Each op byte: low 5 bits = call, bit 7 = which of the two SSL slots.
Writes OUT_DIR/seed-*.
"""
import os
import struct
import sys

NEW, FREE, SET_BIO, CONNECT, ACCEPT, HANDSHAKE, READ, PEEK, READ_EX, PEEK_EX = range(10)
WRITE, WRITE_EX, SHUTDOWN, CTRL, PUMP, INJECT, NULLS, PENDING, STATE, GET_ERROR, GET_SHUTDOWN = range(10, 21)
S1 = 0x80  # second slot


def ctrl(cmd, buf, larg):
    return bytes([CTRL]) + struct.pack("<i", cmd) + bytes([buf]) + struct.pack("<i", larg)


def handshake_pair():
    seq = bytes([NEW, 0, S1 | NEW, 1, SET_BIO, 1, S1 | SET_BIO, 1])
    seq += bytes([CONNECT, PUMP, S1 | ACCEPT, S1 | PUMP]) * 6
    return seq


def main(out):
    os.makedirs(out, exist_ok=True)
    seeds = {}
    hs = handshake_pair()
    seeds["handshake-data-shutdown"] = hs + bytes([
        WRITE, 5, PUMP, S1 | READ, 16, S1 | PENDING, S1 | PEEK, 3, S1 | READ_EX, 200,
        S1 | WRITE_EX, 17, S1 | PUMP, READ, 255, SHUTDOWN, PUMP, S1 | SHUTDOWN,
        S1 | PUMP, SHUTDOWN, S1 | READ, 1, S1 | GET_SHUTDOWN, GET_SHUTDOWN,
    ])
    seeds["refs-and-bios"] = bytes([
        NEW, 1, NEW, 0, SET_BIO, 2, SET_BIO, 0, HANDSHAKE, FREE, SET_BIO, 1,
        STATE, 0, CONNECT, FREE, NEW, 0, SET_BIO, 1, ACCEPT, READ, 0, WRITE, 0,
    ])
    seeds["ctrls"] = bytes([NEW, 0, SET_BIO, 1]) + b"".join(
        ctrl(c, b, l) for c, b, l in [
            (33, 0, 1), (78, 0, 1), (55, 1, 0), (55, 0, 0), (123, 0, 0x303),
            (124, 0, 0x304), (91, 1, 2), (92, 1, 0), (98, 1, 0), (134, 0, 0),
            (108, 0, 0), (108, 1, 0), (41, 0, 1), (52, 0, 512), (-1, 0, -1),
        ]
    ) + bytes([CONNECT])
    seeds["nulls"] = bytes([NEW, 0, SET_BIO, 1]) + b"".join(bytes([NULLS, i]) for i in range(10)) + bytes(
        [GET_ERROR, 0xff, 0xff, 0xff, 0xff, PENDING])
    seeds["inject"] = bytes([S1 | NEW, 1, S1 | SET_BIO, 1, S1 | INJECT, 5]) + bytes(
        [0x16, 0x03, 0x01, 0x00, 0x40]) + bytes([S1 | ACCEPT, S1 | READ, 10, S1 | SHUTDOWN])
    for name, data in seeds.items():
        with open(os.path.join(out, "seed-" + name), "wb") as f:
            f.write(data)
    print(f"gen_api_seeds: {len(seeds)} seeds in {out}")


if __name__ == "__main__":
    main(sys.argv[1])
