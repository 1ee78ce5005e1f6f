#!/usr/bin/env python3
"""Writes the package's DEP-5 copyright file to stdout: sslshim's own
paragraph, and every Rust crate linked into the libraries and tools with
the licence it declares (from `cargo metadata`, so the list follows
Cargo.lock instead of being kept by hand).

Usage: copyright.py HOST_TRIPLE   (from the repository root)"""

import json
import subprocess
import sys

ROOTS = ("sslshim", "sslshim-cli")


def linked_crates(triple):
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", triple],
        check=True, capture_output=True, text=True).stdout)
    pkgs = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    todo = [p["id"] for p in meta["packages"] if p["name"] in ROOTS and p["source"] is None]
    seen = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            # Normal dependencies only: build scripts' and tests' crates are
            # not in the shipped files.
            if any(k["kind"] is None for k in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    return sorted((pkgs[p] for p in seen if pkgs[p]["source"] is not None),
                  key=lambda p: (p["name"], p["version"]))


def main():
    crates = linked_crates(sys.argv[1])
    print("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
    print("Upstream-Name: sslshim")
    print("Comment: The libraries and programs of this package link these Rust")
    print(" crates statically; each keeps the licence it declares:")
    for p in crates:
        print("  %s %s: %s" % (p["name"], p["version"], p["license"] or "see the crate"))
    print()
    print("Files: *")
    print("Copyright: 2026 the sslshim developers")
    print("License: sslshim")
    print()
    print("License: sslshim")
    print(" sslshim's own code carries no licence grant yet beyond using this")
    print(" package; the crates listed above are under their own licences.")


if __name__ == "__main__":
    main()
