#!/usr/bin/env python3
"""`make bench`: runs bench/bench.c's binary on real libssl (A) and with
LD_PRELOAD of libsslshim.so (B), and the raw-rustls baseline (R), in
alternating order for several rounds, then prints medians and the median
of the per-round ratios (paired, so a noisy machine moves both sides).

  bench/run.py [--rounds N] [--only SCENARIO,...] [--docs]

--docs also writes the table and the chart into docs/PERFORMANCE.md and
docs/performance.png (between the bench:begin/bench:end markers).
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "build/bench/bench")
BASELINE = os.path.join(ROOT, "target/release/examples/rustls_baseline")
LIB = os.path.join(ROOT, "target/release/libsslshim.so")
OUT = os.path.join(ROOT, "build/bench")

# scenario -> [(metric, target ratio sslshim/OpenSSL, higher_is_better)]
SCENARIOS = {
    "full-tls13-ecdsa": [("client_hs_per_s", 2.6, True), ("server_hs_per_s", 2.5, True)],
    "full-tls13-rsa": [("client_hs_per_s", 3.3, True), ("server_hs_per_s", 1.35, True)],
    "full-tls12-ecdsa": [("client_hs_per_s", 2.7, True), ("server_hs_per_s", 2.5, True)],
    "resume-tls13": [("client_hs_per_s", 2.7, True), ("server_hs_per_s", 2.7, True)],
    "resume-tls12-id": [("client_hs_per_s", 2.6, True), ("server_hs_per_s", 2.6, True)],
    "resume-tls12-ticket": [("client_hs_per_s", 2.6, True), ("server_hs_per_s", 2.6, True)],
    "bulk-tls13-aes128": [("send_MB_per_s", 2.0, True), ("recv_MB_per_s", 1.4, True)],
    "bulk-tls13-aes256": [("send_MB_per_s", 2.0, True), ("recv_MB_per_s", 1.4, True)],
    "bulk-tls13-chacha": [("send_MB_per_s", 1.0, True), ("recv_MB_per_s", 1.0, True)],
    "bulk-tls12-aes128": [("send_MB_per_s", 2.0, True), ("recv_MB_per_s", 1.4, True)],
    "memory": [("bytes_per_pair", 0.2, False)],
    "threads": [("pairs_per_s_1thread", None, True), ("pairs_per_s_2threads", None, True),
                ("scaling_2threads", None, True), ("cpu_per_pair_2threads_vs_1", None, False)],
}
# Most our layer may cost against raw rustls (sslshim/rustls).
LAYER_LIMIT = {"full": 0.95, "resume": 0.95, "bulk": 0.97, "memory": 1.1}


def run(impl, scenario):
    if impl == "R":
        cmd, env = [BASELINE, scenario], dict(os.environ)
    else:
        cmd, env = [BENCH, scenario], dict(os.environ)
        env.pop("LD_PRELOAD", None)
        if impl == "B":
            env["LD_PRELOAD"] = LIB
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        sys.exit(f"bench: {impl} {scenario} failed ({p.returncode}):\n{p.stderr}")
    lib = next((l[7:] for l in p.stdout.splitlines() if l.startswith("# lib: ")), "")
    if impl == "B" and "sslshim" not in lib:
        sys.exit(f"bench: the preloaded run did not use sslshim (lib: {lib!r})")
    if impl == "A" and "sslshim" in lib:
        sys.exit("bench: the OpenSSL run used sslshim")
    out = {}
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) == 4 and f[0] == "result" and f[1] == scenario:
            out[f[2]] = float(f[3])
    return out, lib


def fmt(v):
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 5)))
    ap.add_argument("--only", default="")
    ap.add_argument("--docs", action="store_true")
    a = ap.parse_args()
    names = [s for s in SCENARIOS if not a.only or s in a.only.split(",")]
    for path in (BENCH, BASELINE, LIB):
        if not os.path.exists(path):
            sys.exit(f"bench: {path} missing (run `make bench`)")

    started = time.monotonic()
    vals = {}  # (impl, scenario, metric) -> [per round]
    libs = {}
    for r in range(a.rounds):
        order = ["A", "B", "R"] if r % 2 == 0 else ["B", "A", "R"]
        for sc in names:
            for impl in order:
                res, lib = run(impl, sc)
                libs[impl] = lib
                for m, v in res.items():
                    vals.setdefault((impl, sc, m), []).append(v)
        print(f"bench: round {r + 1}/{a.rounds} done", file=sys.stderr)

    def med(impl, sc, m):
        return statistics.median(vals[(impl, sc, m)])

    def paired(x, y, sc, m):
        return statistics.median(a_ / b_ for a_, b_ in zip(vals[(x, sc, m)], vals[(y, sc, m)]))

    rows, misses, chart = [], [], []
    for sc in names:
        for m, target, _ in SCENARIOS[sc]:
            A, B, R = med("A", sc, m), med("B", sc, m), med("R", sc, m)
            ba, ra, br = paired("B", "A", sc, m), paired("R", "A", sc, m), paired("B", "R", sc, m)
            kind = sc.split("-")[0]
            verdict = []
            if target is not None:
                ok = ba >= target if m != "bytes_per_pair" else ba <= target
                verdict.append(f"{'met' if ok else 'MISSED'} ({'≤' if m == 'bytes_per_pair' else '≥'}{target}×)")
                if not ok:
                    misses.append(f"{sc} {m}: {ba:.2f}× vs target {target}×")
            limit = LAYER_LIMIT.get(kind)
            if limit is not None:
                ok = br >= limit if m != "bytes_per_pair" else br <= limit
                verdict.append(f"layer {'ok' if ok else 'OVER'}")
                if not ok:
                    misses.append(f"{sc} {m}: sslshim/rustls {br:.2f} vs limit {limit}")
            rows.append((sc, m, fmt(A), fmt(B), fmt(R), f"{ba:.2f}×", f"{ra:.2f}×", f"{br:.2f}", ", ".join(verdict)))
            if target is not None:
                chart.append((f"{sc}\n{m.split('_')[0]}", ba, ra, target, m == "bytes_per_pair"))

    head = ("scenario", "metric", "OpenSSL", "sslshim", "rustls", "sslshim/OpenSSL", "rustls/OpenSSL",
            "sslshim/rustls", "target")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    machine = f"{platform.machine()}, {cpu_model()}, {os.cpu_count()} CPUs, Linux {platform.release()}"
    meta = [
        f"Machine: {machine}.",
        f"Libraries: A = {libs.get('A')}; B = {libs.get('B')}; R = {libs.get('R')}.",
        f"{a.rounds} rounds, order alternating A B R / B A R; medians of values and of per-round ratios.",
    ]
    table = "\n".join(meta) + "\n\n" + "\n".join(lines) + "\n"
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(table)
    print(table)
    print("misses:" if misses else "all targets met", *misses, sep="\n  ")
    png = os.path.join(OUT, "performance.png")
    drew = draw_chart(chart, png)
    if a.docs:
        update_docs(table, png if drew else None)
    print(f"bench: {time.monotonic() - started:.0f} s", file=sys.stderr)


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def matplotlib():
    """matplotlib from the system, else from a venv under build/bench."""
    try:
        import matplotlib as mpl
        return mpl
    except ImportError:
        pass
    venv = os.path.join(OUT, "venv")
    py = os.path.join(venv, "bin/python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True).stdout.strip()
    if subprocess.run([py, "-c", "import matplotlib"], capture_output=True).returncode != 0:
        subprocess.run([py, "-m", "pip", "install", "-q", "matplotlib"], check=True)
    sys.path.insert(0, site)
    import matplotlib as mpl
    return mpl


def draw_chart(chart, png):
    try:
        mpl = matplotlib()
    except Exception as e:  # the table is the result; the chart is a view
        print(f"bench: no chart ({e})", file=sys.stderr)
        return False
    mpl.use("Agg")
    import matplotlib.pyplot as plt
    labels = [c[0] for c in chart]
    fig, ax = plt.subplots(figsize=(14, 5.5))
    x = range(len(chart))
    ax.bar([i - 0.2 for i in x], [c[1] for c in chart], 0.4, label="sslshim / OpenSSL")
    ax.bar([i + 0.2 for i in x], [c[2] for c in chart], 0.4, label="raw rustls / OpenSSL")
    ax.scatter(list(x), [c[3] for c in chart], marker="_", s=400, color="red", zorder=3, label="target")
    ax.axhline(1.0, color="grey", linewidth=0.8)
    ax.set_xticks(list(x))
    ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=7)
    ax.set_ylabel("× OpenSSL (memory: lower is better)")
    ax.set_title("sslshim and raw rustls relative to OpenSSL 3 (median of paired ratios)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    print(f"bench: chart {png}", file=sys.stderr)
    return True


def update_docs(table, png):
    doc = os.path.join(ROOT, "docs/PERFORMANCE.md")
    text = open(doc).read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    i, j = text.index(begin) + len(begin), text.index(end)
    text = text[:i] + "\n" + table + text[j:]
    open(doc, "w").write(text)
    if png:
        import shutil
        shutil.copy(png, os.path.join(ROOT, "docs/performance.png"))
    print("bench: docs/PERFORMANCE.md updated", file=sys.stderr)


if __name__ == "__main__":
    main()
