#!/usr/bin/env python3
"""The Debian survey (docs/DEBIAN.md): which libssl 3 functions the Debian
packages that depend on libssl3 import, and what sslshim answers for each.

  tools/debian-survey.py [--cache DIR] [--out docs/DEBIAN.md] [--limit N]

1. The packages: `apt-cache rdepends libssl3`, those with a candidate
   version for this machine's architecture (the configured Debian mirror).
2. Each is fetched without installing (`apt-get download`, kept in
   DIR/debs, default build/survey: a rerun downloads only what changed)
   and unpacked (`dpkg-deb -x`) into a scratch directory.
3. `sslshim-check --json` runs over every ELF object inside (programs,
   libraries, and the modules/plugins they load); an import counts for the
   package when the package's own object imports it (`imported_by`), not a
   system library it loads.
4. docs/DEBIAN.md: per libssl function, how many packages import it and its
   drop-in status; per package, its verdict.

On demand, not in `make test` (it downloads about a gigabyte); the result
is committed. The statuses are those of the libraries as built (`make`;
`sslshim-check --table`). The imports found are kept in DIR/results.json;
`--rewrite` renders them again against a newer build without downloading.
"""

import argparse
import collections
import concurrent.futures
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def packages():
    """The real packages that depend on libssl3, with their versions."""
    out = run(["apt-cache", "rdepends", "libssl3"]).stdout.splitlines()[2:]
    names = sorted({line.strip().lstrip("|").strip().split(":")[0] for line in out} - {""})
    found = {}
    # `apt-cache show` prints a record for each real package (virtual ones
    # have none); in batches, as the command line allows.
    for i in range(0, len(names), 200):
        res = run(["apt-cache", "show", "--no-all-versions", *names[i:i + 200]])
        pkg = ver = None
        for line in res.stdout.splitlines() + [""]:
            if line.startswith("Package: "):
                pkg = line.split(": ", 1)[1]
            elif line.startswith("Version: "):
                ver = line.split(": ", 1)[1]
            elif not line and pkg:
                found[pkg] = ver
                pkg = ver = None
    return found


def download(pkgs, debs):
    """apt-get download of each package whose .deb is not yet in `debs`."""
    os.makedirs(debs, exist_ok=True)
    have = {f.split("_")[0]: f for f in os.listdir(debs) if f.endswith(".deb")}
    want = [p for p in pkgs if p not in have]
    for i in range(0, len(want), 40):
        batch = want[i:i + 40]
        res = run(["apt-get", "download", "-q", *batch], cwd=debs)
        if res.returncode != 0:  # one bad name fails the batch: one by one
            for p in batch:
                run(["apt-get", "download", "-q", p], cwd=debs)
        print(f"survey: downloaded {min(i + 40, len(want))}/{len(want)}", file=sys.stderr)
    return {f.split("_")[0]: os.path.join(debs, f)
            for f in os.listdir(debs) if f.endswith(".deb")}


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def survey_deb(check, pkg, deb):
    """{"objects": {object path in the package: [function]}} of one .deb."""
    scratch = tempfile.mkdtemp(prefix="survey-")
    try:
        if run(["dpkg-deb", "-x", deb, scratch]).returncode != 0:
            return {"error": "dpkg-deb -x failed"}
        objects = {}
        for d, _, files in os.walk(scratch):
            for f in files:
                p = os.path.join(d, f)
                if os.path.islink(p) or not is_elf(p):
                    continue
                res = run([check, "--json", p])
                try:
                    rep = json.loads(res.stdout)
                except ValueError:
                    continue
                own = sorted(i["name"] for i in rep.get("libssl_imports", [])
                             if f in i.get("imported_by", []))
                if own:
                    objects["/" + os.path.relpath(p, scratch)] = own
        return {"objects": objects}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def table(check):
    """{function: (drop-in status, note)} from `sslshim-check --table`: the
    statuses of the library as built now, so `--rewrite` renders a past
    survey's imports against today's library."""
    lines = run([check, "--table"]).stdout.splitlines()
    head = lines[0].lstrip("# ").split("\t")
    st, note = head.index("dropin"), head.index("dropin_note")
    return {c[0]: (c[st], c[note]) for c in (line.split("\t") for line in lines[1:])
            if len(c) > note}


def verdict(funcs):
    bad = sorted(f for f, s in funcs.items() if s != "implemented")
    if not bad:
        return "runs: every imported function implemented"
    return f"runs; {len(bad)} fail cleanly: " + ", ".join(f"`{b}`" for b in bad)


def write(out, results, versions, statuses):
    per_func = collections.defaultdict(set)
    status = {}
    rows = []
    for pkg in sorted(results):
        r = results[pkg]
        if "objects" not in r or not r["objects"]:
            continue
        funcs = {}
        for objs in r["objects"].values():
            funcs.update({f: statuses.get(f, ("not exported", ""))[0] for f in objs})
        for f, s in funcs.items():
            per_func[f].add(pkg)
            status[f] = s
        rows.append((pkg, versions.get(pkg, "?"), sorted(r["objects"]), funcs))
    none = sorted(p for p, r in results.items() if "objects" in r and not r["objects"])
    errors = sorted(p for p, r in results.items() if "error" in r)
    missing = sorted(set(versions) - set(results))
    counts = collections.Counter(status.values())
    ossl = run(["openssl", "version"]).stdout.strip()
    with open(out, "w") as o:
        w = lambda s="": print(s, file=o)
        w("# Debian survey: the libssl functions Debian 12's packages import")
        w()
        w("Generated by `tools/debian-survey.py` (on demand, not in `make test`) on "
          f"{datetime.date.today().isoformat()} with {ossl}. It takes every package that "
          "depends on libssl3 (`apt-cache rdepends libssl3`), downloads it without "
          "installing (`apt-get download`), unpacks it (`dpkg-deb -x`) and runs "
          "`sslshim-check --json` over every ELF object inside (programs, libraries, "
          "modules and plugins). An import counts for a package when one of the "
          "package's own objects imports it. Statuses are the drop-in flavour's "
          "(`docs/COVERAGE.md` explains them and gives each function's source).")
        w()
        w("## Summary")
        w()
        w(f"- Packages depending on libssl3: {len(versions)}; surveyed: {len(results)}"
          + (f" ({len(missing)} could not be downloaded)" if missing else ""))
        w(f"- Packages with an object that imports libssl functions: {len(rows)}; "
          f"without (they link libssl3 only through a library of another package, "
          f"or not at all): {len(none)}")
        w(f"- libssl functions imported by at least one package: {len(per_func)}: "
          + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
        runs_all = sum(1 for _, _, _, f in rows if all(s == "implemented" for s in f.values()))
        w(f"- Packages whose every imported function is implemented: {runs_all} of {len(rows)}")
        w()
        w("A function that is not `implemented` answers as OpenSSL does when the feature "
          "is absent or unused, or fails cleanly (an error return and an error queue "
          "entry); its note says which.")
        w()
        w("## Per function")
        w()
        w("| function | packages | drop-in status | note |")
        w("|---|---:|---|---|")
        for f in sorted(per_func, key=lambda f: (-len(per_func[f]), f)):
            text = statuses.get(f, ("", ""))[1].replace("|", "/")
            w(f"| `{f}` | {len(per_func[f])} | {status[f]} | {text} |")
        w()
        w("## Per package")
        w()
        w("| package | version | objects importing libssl | functions | verdict |")
        w("|---|---|---|---:|---|")
        for pkg, ver, objs, funcs in rows:
            shown = ", ".join(f"`{x}`" for x in objs[:3]) + (f" +{len(objs) - 3}" if len(objs) > 3 else "")
            w(f"| {pkg} | {ver} | {shown} | {len(funcs)} | {verdict(funcs)} |")
        if none:
            w()
            w("## Packages without an object importing libssl")
            w()
            w(", ".join(none))
        if errors or missing:
            w()
            w("## Not surveyed")
            w()
            w(", ".join(errors + missing))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default=os.path.join(ROOT, "build", "survey"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "DEBIAN.md"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N packages (a trial)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rewrite", action="store_true",
                    help="only render DIR/results.json again with the statuses of the library as built now")
    args = ap.parse_args()
    check = os.environ.get("SSLSHIM_CHECK", os.path.join(ROOT, "target", "release", "sslshim-check"))
    if not os.access(check, os.X_OK):
        sys.exit(f"{check} missing: make")
    saved = os.path.join(args.cache, "results.json")
    if args.rewrite:
        with open(saved) as f:
            data = json.load(f)
        write(args.out, data["results"], data["versions"], table(check))
        return
    versions = packages()
    names = sorted(versions)[: args.limit or None]
    debs = download(names, os.path.join(args.cache, "debs"))
    results = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        futs = {ex.submit(survey_deb, check, p, debs[p]): p for p in names if p in debs}
        for i, fut in enumerate(concurrent.futures.as_completed(futs), 1):
            results[futs[fut]] = fut.result()
            if i % 50 == 0:
                print(f"survey: checked {i}/{len(futs)}", file=sys.stderr)
    versions = {p: versions[p] for p in names}
    with open(saved, "w") as f:
        json.dump({"results": results, "versions": versions}, f, indent=1, sort_keys=True)
    write(args.out, results, versions, table(check))
    print(f"survey: {args.out} written ({len(results)} packages)", file=sys.stderr)


if __name__ == "__main__":
    main()
