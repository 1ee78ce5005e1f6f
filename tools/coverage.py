#!/usr/bin/env python3
"""Writes docs/COVERAGE.md from the code, in three parts:

1. every libssl 3 function (tools/libssl3.symbols) with its status in the
   standalone flavour (libsslshim.so) and in the drop-in flavour
   (libssl.so.3), the source file:line and the tests naming it;
2. the standalone flavour's other exports (our BIO_/ERR_/X509_/...);
3. per real program (tools/programs/*.imports), the libssl functions it
   imports with their drop-in status and a summary line.

The statuses come from `sslshim-check --table`, which reads them from the
two built libraries: each holds the registry of its `#[entry]` functions
(src/ffi/registry.rs; `#[entry(fails_cleanly = "reason")]` and
`#[entry(limitation = "text")]` are in the records), so this document and
the tool cannot disagree with the libraries. As a guard, the table must
match the libraries' dynamic symbols (`nm -D --defined-only`, type T):
the standalone set is libsslshim.so's; in the drop-in libssl.so.3 the
functions with a record and the generated stubs together are its exports.

Output is sorted and carries no dates, so `--check` (used by
`make coverage-check`) can compare it byte for byte with the committed file.
It reads nothing installed on the machine: program import lists are
committed data (tools/program-imports.sh writes them).

Usage: coverage.py [--lib PATH] [--check-tool PATH] [--out PATH] [--check]
"""

import argparse
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, "target", "release", "sslshim-check")
LABEL = {"implemented": "implemented", "fails-cleanly": "fails cleanly",
         "stub": "fails cleanly (stub)", "absent": "not exported"}


def exported(lib, kind="T"):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True,
                         text=True, check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == kind:
            names.add(parts[2].split("@")[0])
    return names


def status_table(tool, standalone, dropin):
    """{name: row} from `sslshim-check --table` over these two libraries."""
    env = dict(os.environ, SSLSHIM_STANDALONE=standalone, SSLSHIM_DROPIN=dropin)
    out = subprocess.run([tool, "--table"], capture_output=True, text=True,
                         check=True, env=env).stdout
    rows = {}
    for line in out.splitlines():
        if line.startswith("#"):
            continue
        c = line.split("\t")
        rows[c[0]] = {
            "version": None if c[1] == "-" else c[1],
            "standalone": (c[2], c[3], c[4]),
            "dropin": (c[5], c[6], c[7]),
        }
    return rows


def import_lists(pattern, key):
    """[(name, the "# KEY:" line's value, [symbols])] of the .imports files
    matching pattern (relative to the root)."""
    out = []
    for f in sorted(glob.glob(os.path.join(ROOT, pattern))):
        name = os.path.basename(f)[:-len(".imports")]
        value, syms = "?", []
        with open(f, encoding="utf-8") as h:
            for line in h:
                line = line.strip()
                if line.startswith("# %s:" % key):
                    value = line.split(":", 1)[1].strip()
                elif line and not line.startswith("#"):
                    syms.append(line)
        out.append((name, value, syms))
    return out


def programs():
    """[(name, path, [symbols])] from tools/programs/*.imports."""
    return import_lists("tools/programs/*.imports", "program")


def source_trees():
    """[(name, source package, [symbols])] from tests/sources/*.imports."""
    return import_lists("tests/sources/*.imports", "source")


def test_files():
    pats = ["tests/c/*.c", "tests/c/*.h", "tests/**/*.rs", "tests/interop/*",
            "tests/dropin/*", "tests/sources/*.sh"]
    files = set()
    for p in pats:
        files.update(f for f in glob.glob(os.path.join(ROOT, p), recursive=True)
                     if os.path.isfile(f))
    texts = {}
    for f in sorted(files):
        with open(f, encoding="utf-8", errors="replace") as h:
            texts[os.path.relpath(f, ROOT)] = h.read()
    return texts


def cell(status, note):
    note = note.replace("|", "\\|")
    return LABEL[status] + (" (%s)" % note if note else "")


def where(src):
    return "`%s`" % src if src and src != "-" else "—"


def render(rows, tests, progs, trees=()):
    words = {f: set(re.findall(r"\w+", t)) for f, t in tests.items()}

    def used(name):
        u = sorted(f for f, w in words.items() if name in w)
        return ", ".join("`%s`" % x for x in u) or "—"

    ssl = sorted(n for n, r in rows.items() if r["version"])
    extra = sorted(n for n, r in rows.items() if not r["version"]
                   and r["standalone"][0] != "absent")
    count = {"standalone": {}, "dropin": {}}
    lines1 = []
    untested = 0
    for n in ssl:
        r = rows[n]
        for f in count:
            count[f][r[f][0]] = count[f].get(r[f][0], 0) + 1
        sa, di = r["standalone"], r["dropin"]
        if sa[1] == di[1] or di[0] == "stub" or sa[0] == "absent":
            src = where(sa[1] if sa[0] != "absent" else di[1])
        else:
            src = "%s; drop-in %s" % (where(sa[1]), where(di[1]))
        t = used(n)
        untested += t == "—"
        # A note both flavours share is written once.
        di_note = "see standalone" if di[2] and di[2] == sa[2] else di[2]
        lines1.append("| `%s` | %s | %s | %s | %s |" % (
            n, cell(sa[0], sa[2]), cell(di[0], di_note), src, t))

    def summary(f):
        c = count[f]
        parts = ["%d implemented" % c.get("implemented", 0),
                 "%d fail cleanly by design" % c.get("fails-cleanly", 0)]
        if f == "dropin":
            parts.append("%d fail cleanly as generated stubs" % c.get("stub", 0))
        else:
            parts.append("%d not exported" % c.get("absent", 0))
        return ", ".join(parts)

    lines2 = []
    for n in extra:
        sa = rows[n]["standalone"]
        lines2.append("| `%s` | %s | %s | %s |" % (n, cell(sa[0], sa[2]), where(sa[1]), used(n)))

    out = [
        "# API coverage",
        "",
        "Generated by `make coverage` (tools/coverage.py); `make coverage-check`",
        "fails when this file is out of date. Do not edit by hand.",
        "",
        "The statuses come from `sslshim-check --table`, which reads them from",
        "the registry each built library holds (one record per `#[entry]`",
        "function, src/ffi/registry.rs), so this file, `sslshim-check` and the",
        "libraries agree. Two flavours (docs/DROPIN.md):",
        "**standalone** `libsslshim.so` (our headers, our BIO/ERR/X509 objects)",
        "and **drop-in** `libssl.so.3` (unchanged OpenSSL 3 programs, the system",
        "libcrypto). Status:",
        "",
        "- `implemented`;",
        "- `fails cleanly`: the function exists so programs link and load, and",
        "  returns OpenSSL's failure value with an error queued; by design when",
        "  the Rust function is declared `#[entry(fails_cleanly = \"reason\")]`",
        "  (the reason follows), or, in the drop-in flavour, `(stub)`: a",
        "  generated weak stub for a function not implemented in that flavour",
        "  yet (`tools/build_dropin.rs`); `#[entry(limitation = \"text\")]`",
        "  notes where an implemented function does less than OpenSSL's;",
        "  `#[entry(absent = \"answer\")]` (shown as `absent feature: answer`)",
        "  marks a function of a feature rustls lacks, which gives OpenSSL's",
        "  answer for the feature unused (`src/ffi/absent.rs`);",
        "- `not exported`: a program calling it does not link (standalone).",
        "",
        "**source** is where the `extern \"C\" fn` is defined; **tests** are the",
        "test files naming the function (`tests/c/*.c`, `tests/**/*.rs`,",
        "`tests/interop/*`, `tests/dropin/*`); `—` means no test mentions it.",
        "",
        "## libssl 3 functions",
        "",
        "All %d functions of `tools/libssl3.symbols` (the system libssl 3's" % len(ssl),
        "exports). Standalone: %s. Drop-in: %s. %d not named by any test." % (
            summary("standalone"), summary("dropin"), untested),
        "",
        "| function | standalone | drop-in | source | tests |",
        "|---|---|---|---|---|",
    ] + lines1 + [
        "",
        "## Other functions of the standalone flavour",
        "",
        "%d functions `libsslshim.so` exports beyond libssl's: the BIO, ERR," % len(extra),
        "X509, stack, EVP_PKEY ... functions a program built against our headers",
        "uses. The drop-in flavour does not export them (libcrypto's serve).",
        "",
        "| function | status | source | tests |",
        "|---|---|---|---|",
    ] + lines2 + [
        "",
        "## Programs",
        "",
        "The libssl functions each unchanged Debian program imports (it and the",
        "libraries it loads), from `tools/programs/<name>.imports`, which",
        "`tools/program-imports.sh` writes with `sslshim-check --imports` and",
        "`make test-tools` checks against the installed binaries. All of them",
        "need the drop-in flavour. A function that fails cleanly matters only",
        "if the program calls it on its path: `sslshim-run --log info` shows",
        "each stub reached.",
    ]
    for name, path, syms in progs:
        c = {}
        body = []
        for n in syms:
            st = rows.get(n, {"dropin": ("absent", "-", "")})["dropin"]
            c[st[0]] = c.get(st[0], 0) + 1
            body.append("| `%s` | %s |" % (n, cell(st[0], st[2])))
        fails = c.get("fails-cleanly", 0) + c.get("stub", 0)
        line = "%d libssl functions: %d implemented, %d fail cleanly (%d by design, %d stubs)" % (
            len(syms), c.get("implemented", 0), fails, c.get("fails-cleanly", 0), c.get("stub", 0))
        if c.get("absent"):
            line += ", %d not exported" % c["absent"]
        out += ["", "### %s" % name, "", "`%s`: %s." % (path, line), "",
                "| function | drop-in |", "|---|---|"] + body
    out += [
        "",
        "## Source trees",
        "",
        "Real programs built from their unchanged Debian 12 source packages",
        "against the standalone flavour (our headers and libsslshim.so through",
        "sslshim.pc) and run against real peers by `make test-sources`",
        "(tests/sources/<name>.sh). The functions each imports from us, from",
        "`tests/sources/<name>.imports`, which the test checks against the",
        "binaries it built.",
    ]
    for name, dsc, syms in trees:
        c = {}
        body = []
        for n in syms:
            st = rows.get(n, {"standalone": ("absent", "-", "")})["standalone"]
            c[st[0]] = c.get(st[0], 0) + 1
            body.append("| `%s` | %s |" % (n, cell(st[0], st[2])))
        line = "%d functions: %d implemented, %d fail cleanly" % (
            len(syms), c.get("implemented", 0), c.get("fails-cleanly", 0))
        out += ["", "### %s" % name, "", "`%s`: %s." % (dsc, line), "",
                "| function | standalone |", "|---|---|"] + body
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", default=os.path.join(ROOT, "target", "release", "libsslshim.so"))
    ap.add_argument("--dropin", default=os.path.join(ROOT, "target", "dropin", "libssl.so.3"))
    ap.add_argument("--check-tool", default=TOOL, help="the sslshim-check binary")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "COVERAGE.md"))
    ap.add_argument("--check", action="store_true",
                    help="compare with --out instead of writing it")
    args = ap.parse_args()
    rows = status_table(args.check_tool, args.lib, args.dropin)
    checks = [
        (args.lib, "T", {n for n, r in rows.items() if r["standalone"][0] != "absent"}),
        (args.dropin, "T", {n for n, r in rows.items() if r["dropin"][0] != "absent"}),
    ]
    for lib, kind, table in checks:
        symbols = exported(lib, kind)
        if table != symbols:
            print("coverage: sslshim-check's table and %s (nm type %s) disagree:\n"
                  "  only in the table: %s\n  only in the library: %s" % (
                      os.path.relpath(lib, ROOT), kind, sorted(table - symbols),
                      sorted(symbols - table)))
            return 1
    text = render(rows, test_files(), programs(), source_trees())
    if args.check:
        try:
            with open(args.out, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print("%s is out of date: run `make coverage` and commit it" %
                  os.path.relpath(args.out, ROOT))
            return 1
        print("coverage-check: %s is up to date" % os.path.relpath(args.out, ROOT))
        return 0
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s" % os.path.relpath(args.out, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
