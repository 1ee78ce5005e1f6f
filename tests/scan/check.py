#!/usr/bin/env python3
"""Checks a scanner's report of our server (tests/scan/run.sh).

    check.py sslscan REPORT.txt | testssl REPORT.json | sslyze REPORT.json

Passes when the report shows only TLS 1.2 and TLS 1.3, every accepted cipher
suite is an AEAD suite with forward secrecy (TLS 1.3, or an ECDHE/DHE key
exchange), and (testssl) no finding of severity HIGH or CRITICAL. Prints a
summary; exit status 1 on a failed check.
"""
import json
import re
import sys

AEAD = re.compile(r"GCM|CHACHA20|CCM", re.I)
WANTED = {"TLSv1.2", "TLSv1.3"}


def suite_ok(version, name):
    """AEAD and forward secrecy: all TLS 1.3 suites; ECDHE/DHE in TLS 1.2."""
    fs = version == "TLSv1.3" or name.startswith(("ECDHE", "DHE", "TLS_ECDHE", "TLS_DHE"))
    return bool(AEAD.search(name)) and fs


def sslscan(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    enabled = set(re.findall(r"^(SSLv2|SSLv3|TLSv1\.[0-3])\s+enabled", text, re.M))
    suites = re.findall(r"^(?:Preferred|Accepted)\s+(TLSv1\.[0-3]|SSLv\d)\s+\d+ bits\s+(\S+)", text, re.M)
    return enabled, suites, []


def testssl(path):
    findings = json.load(open(path))
    by_id = {f["id"]: f for f in findings}
    names = {"SSLv2": "SSLv2", "SSLv3": "SSLv3", "TLS1": "TLSv1.0", "TLS1_1": "TLSv1.1",
             "TLS1_2": "TLSv1.2", "TLS1_3": "TLSv1.3"}
    enabled = {v for k, v in names.items()
               if k in by_id and by_id[k]["finding"].startswith("offered")}
    suites = []
    for f in findings:
        # "cipher_xc02c": "xc02c   ECDHE-ECDSA-AES256-GCM-SHA384  ECDH 253 ..."
        # (OpenSSL names: the TLS 1.3 suites are the ones named TLS_*).
        if re.fullmatch(r"cipher_x[0-9a-f]+", f["id"]):
            name = f["finding"].split()[1]
            suites.append(("TLSv1.3" if name.startswith("TLS_") else "TLSv1.2", name))
    notes = [f"{f['severity']}: {f['id']}: {f['finding']}" for f in findings
             if f.get("severity") in ("LOW", "MEDIUM", "HIGH", "CRITICAL")]
    # Findings about the certificate are about tests/certs (a private test
    # CA no scanner trusts, a 95-year validity, no CRL/OCSP URI), not about
    # the TLS implementation: shown, not failed.
    bad = [f for f in findings if f.get("severity") in ("HIGH", "CRITICAL")
           and not f["id"].startswith("cert_")]
    if bad:
        notes.append("FAIL: HIGH/CRITICAL findings: " + ", ".join(f["id"] for f in bad))
    return enabled, suites, notes


def sslyze(path):
    result = json.load(open(path))["server_scan_results"][0]
    if result["scan_status"] != "COMPLETED":
        return set(), [], ["FAIL: scan " + result["scan_status"]]
    scans = result["scan_result"]
    names = {"ssl_2_0": "SSLv2", "ssl_3_0": "SSLv3", "tls_1_0": "TLSv1.0", "tls_1_1": "TLSv1.1",
             "tls_1_2": "TLSv1.2", "tls_1_3": "TLSv1.3"}
    enabled, suites = set(), []
    for key, version in names.items():
        accepted = scans[key + "_cipher_suites"]["result"]["accepted_cipher_suites"]
        if accepted:
            enabled.add(version)
        for s in accepted:
            suites.append((version, s["cipher_suite"]["name"]))
    notes = []
    for key in ("heartbleed", "openssl_ccs_injection", "robot", "tls_compression",
                "session_renegotiation", "tls_fallback_scsv"):
        r = scans[key].get("result") or {}
        notes.append(f"{key}: " + ", ".join(f"{k}={v}" for k, v in r.items() if not isinstance(v, (dict, list))))
    return enabled, suites, notes


def main():
    tool, path = sys.argv[1], sys.argv[2]
    enabled, suites, notes = {"sslscan": sslscan, "testssl": testssl, "sslyze": sslyze}[tool](path)
    ok = True
    print(f"{tool}: protocols offered: {', '.join(sorted(enabled)) or '(none)'}")
    if enabled != WANTED:
        print(f"{tool}: FAIL: expected exactly {sorted(WANTED)}")
        ok = False
    print(f"{tool}: {len(suites)} accepted suites: " + ", ".join(f"{n} ({v})" for v, n in suites))
    weak = [(v, n) for v, n in suites if not suite_ok(v, n)]
    if not suites or weak:
        print(f"{tool}: FAIL: not AEAD with forward secrecy: {weak or 'no suites found'}")
        ok = False
    for n in notes:
        print(f"{tool}: {n}")
        ok = ok and not n.startswith("FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
