#!/usr/bin/env python3
"""`make bench`: runs bench/bench.c's binary on real libssl (A), with
LD_PRELOAD of libsslshim.so (B, the standalone flavour) and with
LD_LIBRARY_PATH=target/dropin (D, the drop-in libssl.so.3), and the
raw-rustls baseline (R), in alternating order for several rounds, then
prints medians and the median of the per-round ratios (paired, so a noisy
machine moves both sides).

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
BASELINE = os.path.join(ROOT, "target/baseline/release/examples/rustls_baseline")
LIB = os.path.join(ROOT, "target/release/libsslshim.so")
DROPIN = os.path.join(ROOT, "target/dropin/libssl.so.3")
OUT = os.path.join(ROOT, "build/bench")

# The flavours of sslshim, each checked against the targets and the layer
# limit: impl letter -> column name.
FLAVOURS = {"B": "standalone", "D": "drop-in"}

# scenario -> [(metric, target ratio sslshim/OpenSSL, higher_is_better)]
SCENARIOS = {
    "full-tls13-ecdsa": [("client_hs_per_s", 2.6, True), ("server_hs_per_s", 2.5, True)],
    "full-tls13-rsa": [("client_hs_per_s", 3.3, True), ("server_hs_per_s", 1.35, True)],
    "full-tls12-ecdsa": [("client_hs_per_s", 2.7, True), ("server_hs_per_s", 2.5, True)],
    "resume-tls13": [("client_hs_per_s", 2.7, True), ("server_hs_per_s", 2.7, True)],
    "resume-tls12-id": [("client_hs_per_s", 2.6, True), ("server_hs_per_s", 2.6, True)],
    "resume-tls12-ticket": [("client_hs_per_s", 2.6, True), ("server_hs_per_s", 2.6, True)],
    "resume-reuse-tls13": [("client_hs_per_s", 2.7, True), ("server_hs_per_s", 2.7, True)],
    "resume-reuse-tls12-ticket": [("client_hs_per_s", 2.6, True), ("server_hs_per_s", 2.6, True)],
    "bulk-tls13-aes128": [("send_MB_per_s", 2.0, True), ("recv_MB_per_s", 1.4, True)],
    "bulk-tls13-aes256": [("send_MB_per_s", 2.0, True), ("recv_MB_per_s", 1.4, True)],
    "bulk-tls13-chacha": [("send_MB_per_s", 1.0, True), ("recv_MB_per_s", 1.0, True)],
    "bulk-tls12-aes128": [("send_MB_per_s", 2.0, True), ("recv_MB_per_s", 1.4, True)],
    "recv-batch-tls13-aes128": [("send_MB_per_s", 2.0, True), ("recv_MB_per_s", 1.4, True)],
    "recv-batch-tls13-chacha": [("send_MB_per_s", 1.0, True), ("recv_MB_per_s", 1.0, True)],
    "recv-batch-tls12-aes128": [("send_MB_per_s", 2.0, True), ("recv_MB_per_s", 1.4, True)],
    "memory": [("bytes_per_pair", 0.2, False)],
    # A forked child's first handshake pair, random seeding after fork
    # included (PostgreSQL, Apache prefork): no slower than OpenSSL.
    "fork": [("children_per_cpu_s", 1.0, True)],
    "threads": [("pairs_per_s_1thread", None, True), ("pairs_per_s_2threads", None, True),
                ("scaling_2threads", None, True), ("cpu_per_pair_2threads_vs_1", None, False)],
}
# Most our layer may cost against raw rustls (sslshim/rustls).
LAYER_LIMIT = {"full": 0.95, "resume": 0.95, "bulk": 0.97, "recv": 0.97, "memory": 1.1}


def run(impl, scenario):
    if impl == "R":
        cmd, env = [BASELINE, scenario], dict(os.environ)
    else:
        cmd, env = [BENCH, scenario], dict(os.environ)
        env.pop("LD_PRELOAD", None)
        env.pop("LD_LIBRARY_PATH", None)
        if impl == "B":
            env["LD_PRELOAD"] = LIB
        if impl == "D":
            # The drop-in replaces libssl.so.3 outright, as an installed
            # one would: the system libssl is not loaded at all.
            env["LD_LIBRARY_PATH"] = os.path.dirname(DROPIN)
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        sys.exit(f"bench: {impl} {scenario} failed ({p.returncode}):\n{p.stderr}")
    lib, ssl = header(p.stdout, "lib"), header(p.stdout, "ssl")
    check_impl(impl, lib, ssl)
    out = {}
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) == 4 and f[0] == "result" and f[1] == scenario:
            out[f[2]] = float(f[3])
    return out, (f"{lib}, SSL_* from {os.path.relpath(ssl, ROOT)}" if impl == "D" else lib)


def header(stdout, name):
    """The value of bench's `# NAME: value` line."""
    tag = f"# {name}: "
    return next((l[len(tag):] for l in stdout.splitlines() if l.startswith(tag)), "")


def check_impl(impl, lib, ssl):
    """Exits unless the run used the library it was meant to: OpenSSL_version()
    names sslshim only for the standalone (the drop-in answers it from the
    process's libcrypto), so the file SSL_new came from decides."""
    real = os.path.realpath(ssl) if ssl.startswith("/") else ssl
    if impl == "A" and ("sslshim" in lib or real.startswith(ROOT + "/")):
        sys.exit(f"bench: the OpenSSL run used sslshim (lib: {lib!r}, ssl: {ssl!r})")
    if impl == "B" and ("sslshim" not in lib or real != os.path.realpath(LIB)):
        sys.exit(f"bench: the preloaded run did not use the standalone sslshim (lib: {lib!r}, ssl: {ssl!r})")
    if impl == "D" and real != os.path.realpath(DROPIN):
        sys.exit(f"bench: the drop-in run did not use {DROPIN} (ssl: {ssl!r})")


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
    for path in (BENCH, BASELINE, LIB, DROPIN):
        if not os.path.exists(path):
            sys.exit(f"bench: {path} missing (run `make bench`)")

    started = time.monotonic()
    vals = {}  # (impl, scenario, metric) -> [per round]
    libs = {}
    for r in range(a.rounds):
        order = ["A", "B", "D", "R"] if r % 2 == 0 else ["D", "B", "A", "R"]
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
            lower = m == "bytes_per_pair"
            kind = sc.split("-")[0]
            limit = LAYER_LIMIT.get(kind)
            vs_a = {x: paired(x, "A", sc, m) for x in (*FLAVOURS, "R")}
            vs_r = {x: paired(x, "R", sc, m) for x in FLAVOURS}
            verdict = []
            # One verdict per flavour, standalone / drop-in.
            if target is not None:
                oks = [vs_a[x] <= target if lower else vs_a[x] >= target for x in FLAVOURS]
                verdict.append(" / ".join("met" if ok else "MISSED" for ok in oks)
                               + f" ({'≤' if lower else '≥'}{target}×)")
                misses += [f"{sc} {m}: {FLAVOURS[x]} {vs_a[x]:.2f}× vs target {target}×"
                           for x, ok in zip(FLAVOURS, oks) if not ok]
            if limit is not None:
                oks = [vs_r[x] <= limit if lower else vs_r[x] >= limit for x in FLAVOURS]
                verdict.append("layer " + " / ".join("ok" if ok else "OVER" for ok in oks))
                misses += [f"{sc} {m}: {FLAVOURS[x]}/rustls {vs_r[x]:.2f} vs limit {limit}"
                           for x, ok in zip(FLAVOURS, oks) if not ok]
            rows.append((sc, m, *(fmt(med(x, sc, m)) for x in ("A", *FLAVOURS, "R")),
                         *(f"{vs_a[x]:.2f}×" for x in (*FLAVOURS, "R")),
                         *(f"{vs_r[x]:.2f}" for x in FLAVOURS), ", ".join(verdict)))
            if target is not None:
                chart.append((f"{sc}\n{m.split('_')[0]}", [vs_a[x] for x in (*FLAVOURS, "R")], target))

    head = ("scenario", "metric", "OpenSSL", "standalone", "drop-in", "rustls", "standalone/OpenSSL",
            "drop-in/OpenSSL", "rustls/OpenSSL", "standalone/rustls", "drop-in/rustls",
            "target (standalone / drop-in)")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    machine = f"{platform.machine()}, {cpu_model()}, {os.cpu_count()} CPUs, Linux {platform.release()}"
    meta = [
        f"Machine: {machine}.",
        f"Libraries: A = {libs.get('A')}; B (standalone) = {libs.get('B')}; "
        f"D (drop-in) = {libs.get('D')}; R = {libs.get('R')}.",
        f"{a.rounds} rounds, order alternating A B D R / D B A R; medians of values and of per-round ratios.",
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
    fig, ax = plt.subplots(figsize=(16, 5.5))
    x = range(len(chart))
    names = ("sslshim standalone / OpenSSL", "sslshim drop-in / OpenSSL", "raw rustls / OpenSSL")
    for k, name in enumerate(names):
        ax.bar([i + (k - 1) * 0.27 for i in x], [c[1][k] for c in chart], 0.27, label=name)
    ax.hlines([c[2] for c in chart], [i - 0.42 for i in x], [i + 0.42 for i in x], color="red", zorder=3,
              label="target")
    ax.axhline(1.0, color="grey", linewidth=0.8)
    ax.set_xticks(list(x))
    ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=7)
    ax.set_ylabel("× OpenSSL (memory: lower is better)")
    ax.set_title("sslshim (both flavours) and raw rustls relative to OpenSSL 3 (median of paired ratios)")
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
