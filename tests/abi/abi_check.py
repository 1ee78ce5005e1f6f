#!/usr/bin/env python3
"""ABI comparison of include/openssl/ against the system's OpenSSL 3 headers.

Nothing here is a hand list: every check is derived from what our headers
define, found by running the preprocessor over them.

  1. constants  every object-like macro of ours whose value is an integer
                constant expression is printed by one C program compiled
                twice, against our headers and against the system's; values
                must be equal. Names OpenSSL lacks are warnings, and so is a
                different C type (size/signedness) for an equal value.
     aliases    object-like macros that expand to one identifier in both
                (SSLv23_method -> TLS_method) must expand to the same one.
  2. macros     every function-like macro of ours that OpenSSL also defines
                and that expands to a *_ctrl / BIO_*_flags /
                CRYPTO_get_ex_new_index / OPENSSL_init_* / CRYPTO_* alloc /
                *_ex_data call is called in a program whose target functions
                are recording stubs (no libssl linked); the recorded
                (function, cmd, larg, parg non-NULL) tuples must be equal.
  3. syntax     a file including all our headers passes gcc -Wall -Wextra
                -Werror as C99 and C11, and g++ -fsyntax-only.
  4. prototypes each generated prototype is redeclared after the system
                headers; a C "conflicting types" error means our Rust
                signature differs from OpenSSL's.

Usage: abi_check.py [--out DIR]   (run from the repository root)
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INC = os.path.join(ROOT, "include")
OURS = os.path.join(INC, "openssl")
GENERATED = "sslshim_generated.h"
CC = os.environ.get("CC", "gcc")
CXX = os.environ.get("CXX", "g++")

# Functions part 2 replaces by recording stubs, with OpenSSL 3.0's
# signatures, and what each records as (cmd, larg, parg-non-NULL).
STUBS = {
    "SSL_ctrl": ("long SSL_ctrl(SSL *s, int cmd, long larg, void *parg)", "cmd, larg, parg != NULL", "0"),
    "SSL_CTX_ctrl": ("long SSL_CTX_ctrl(SSL_CTX *c, int cmd, long larg, void *parg)", "cmd, larg, parg != NULL", "0"),
    "SSL_callback_ctrl": ("long SSL_callback_ctrl(SSL *s, int cmd, void (*fp)(void))", "cmd, 0, fp != NULL", "0"),
    "SSL_CTX_callback_ctrl": ("long SSL_CTX_callback_ctrl(SSL_CTX *c, int cmd, void (*fp)(void))", "cmd, 0, fp != NULL", "0"),
    "BIO_ctrl": ("long BIO_ctrl(BIO *b, int cmd, long larg, void *parg)", "cmd, larg, parg != NULL", "0"),
    "BIO_int_ctrl": ("long BIO_int_ctrl(BIO *b, int cmd, long larg, int iarg)", "cmd, larg, iarg", "0"),
    "BIO_ptr_ctrl": ("void *BIO_ptr_ctrl(BIO *b, int cmd, long larg)", "cmd, larg, 0", "NULL"),
    "BIO_callback_ctrl": ("long BIO_callback_ctrl(BIO *b, int cmd, BIO_info_cb *fp)", "cmd, 0, fp != NULL", "0"),
    "BIO_test_flags": ("int BIO_test_flags(const BIO *b, int flags)", "flags, 0, 0", "0"),
    "BIO_set_flags": ("void BIO_set_flags(BIO *b, int flags)", "flags, 0, 0", None),
    "BIO_clear_flags": ("void BIO_clear_flags(BIO *b, int flags)", "flags, 0, 0", None),
    "CRYPTO_get_ex_new_index": (
        "int CRYPTO_get_ex_new_index(int class_index, long argl, void *argp, CRYPTO_EX_new *new_func,"
        " CRYPTO_EX_dup *dup_func, CRYPTO_EX_free *free_func)",
        "class_index, argl, (argp != NULL) + 2 * (new_func != NULL) + 4 * (dup_func != NULL)"
        " + 8 * (free_func != NULL)", "0"),
    "OPENSSL_init_ssl": ("int OPENSSL_init_ssl(uint64_t opts, const OPENSSL_INIT_SETTINGS *settings)",
                         "0, (long)opts, settings != NULL", "1"),
    "OPENSSL_init_crypto": ("int OPENSSL_init_crypto(uint64_t opts, const OPENSSL_INIT_SETTINGS *settings)",
                            "0, (long)opts, settings != NULL", "1"),
    "CRYPTO_malloc": ("void *CRYPTO_malloc(size_t num, const char *file, int line)", "0, (long)num, file != NULL && line > 0", "NULL"),
    "CRYPTO_zalloc": ("void *CRYPTO_zalloc(size_t num, const char *file, int line)", "0, (long)num, file != NULL && line > 0", "NULL"),
    "CRYPTO_realloc": ("void *CRYPTO_realloc(void *addr, size_t num, const char *file, int line)", "0, (long)num, file != NULL && line > 0", "NULL"),
    "CRYPTO_free": ("void CRYPTO_free(void *ptr, const char *file, int line)", "0, ptr != NULL, file != NULL && line > 0", None),
    "CRYPTO_clear_free": ("void CRYPTO_clear_free(void *ptr, size_t num, const char *file, int line)", "0, (long)num, file != NULL && line > 0", None),
    "CRYPTO_strdup": ("char *CRYPTO_strdup(const char *str, const char *file, int line)", "0, str != NULL, file != NULL && line > 0", "NULL"),
    "CRYPTO_strndup": ("char *CRYPTO_strndup(const char *str, size_t s, const char *file, int line)", "0, (long)s, file != NULL && line > 0", "NULL"),
    "CRYPTO_memdup": ("void *CRYPTO_memdup(const void *str, size_t siz, const char *file, int line)", "0, (long)siz, file != NULL && line > 0", "NULL"),
    "SSL_set_ex_data": ("int SSL_set_ex_data(SSL *s, int idx, void *data)", "idx, 0, data != NULL", "1"),
    "SSL_get_ex_data": ("void *SSL_get_ex_data(const SSL *s, int idx)", "idx, 0, 0", "NULL"),
    "SSL_CTX_set_ex_data": ("int SSL_CTX_set_ex_data(SSL_CTX *s, int idx, void *data)", "idx, 0, data != NULL", "1"),
    "SSL_CTX_get_ex_data": ("void *SSL_CTX_get_ex_data(const SSL_CTX *s, int idx)", "idx, 0, 0", "NULL"),
    "BIO_set_ex_data": ("int BIO_set_ex_data(BIO *b, int idx, void *data)", "idx, 0, data != NULL", "1"),
    "BIO_get_ex_data": ("void *BIO_get_ex_data(const BIO *b, int idx)", "idx, 0, 0", "NULL"),
}
# A function-like macro is in scope for part 2 when it calls one of these.
TARGET_RE = re.compile(r"(_ctrl$|^BIO_test_flags$|^CRYPTO_get_ex_new_index$|^OPENSSL_init_)")

C_WORDS = {
    "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "const",
    "volatile", "struct", "union", "enum", "sizeof", "if", "while", "for", "do", "return",
    "switch", "_Bool", "size_t", "uint64_t", "int64_t", "uint32_t", "defined",
}

passed = failed = 0
warnings = []


def ok(msg=None):
    global passed
    passed += 1
    if msg and os.environ.get("V"):
        print("  ok   " + msg)


def fail(msg):
    global failed
    failed += 1
    print("  FAIL " + msg)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def headers():
    """Our public headers, by name (the generated one comes in via types.h)."""
    return sorted(h for h in os.listdir(OURS) if h.endswith(".h") and h != GENERATED)


def include_all(names):
    return "".join("#include <openssl/%s>\n" % h for h in names)


def gates():
    """-D flags opening every SSLSHIM_HAVE_* gate our headers test, so each
    macro is seen whether or not its target is exported today."""
    names = set()
    for h in headers():
        with open(os.path.join(OURS, h)) as f:
            names.update(re.findall(r"\bSSLSHIM_HAVE_\w+", f.read()))
    # The stack gates guard static inline *functions*, whose bodies need the
    # real prototypes; they hold no macros to compare, so they stay shut.
    names = {n for n in names if not n.startswith("SSLSHIM_HAVE_OPENSSL_sk_")}
    return ["-D%s=1" % n for n in sorted(names)]


def our_flags():
    return ["-I", INC] + gates()


def write(out, name, text):
    p = os.path.join(out, name)
    with open(p, "w") as f:
        f.write(text)
    return p


def our_macros(out, names):
    """{name: (params or None, body)} for every #define in include/openssl/."""
    src = write(out, "all_ours.c", include_all(names))
    r = run([CC, "-E", "-dD"] + our_flags() + [src])
    if r.returncode:
        fail("preprocessing our headers:\n" + r.stderr)
        return {}
    macros, cur = {}, ""
    for line in r.stdout.splitlines():
        m = re.match(r'# \d+ "([^"]+)"', line)
        if m:
            cur = os.path.abspath(m.group(1)) if not m.group(1).startswith("<") else ""
            continue
        if not line.startswith("#define ") or not cur.startswith(OURS + os.sep):
            continue
        m = re.match(r"#define (\w+)(\(([^)]*)\))?\s?(.*)", line)
        name, params, body = m.group(1), m.group(3), m.group(4)
        if name.startswith("SSLSHIM_"):
            continue
        macros[name] = ([p.strip() for p in params.split(",") if p.strip()] if m.group(2) else None, body)
    return macros


def system_macros(out, names):
    src = write(out, "all_system.c", include_all(names))
    r = run([CC, "-E", "-dM", src])
    if r.returncode:
        fail("preprocessing the system headers:\n" + r.stderr)
        return {}
    res = {}
    for line in r.stdout.splitlines():
        m = re.match(r"#define (\w+)(\()?", line)
        if m:
            res[m.group(1)] = bool(m.group(2))
    return res


def integer_constants(out, names, candidates):
    """The candidates whose value is an integer constant expression with our
    headers: each becomes an enumerator; lines the compiler rejects drop out
    until the file compiles."""
    todo = sorted(candidates)
    for _ in range(20):
        body = include_all(names) + "".join(
            "enum { abi_probe_%d = (int)((%s) * 0) };\n" % (i, n) for i, n in enumerate(todo))
        src = write(out, "probe.c", body)
        r = run([CC, "-fsyntax-only", "-w", "-fmax-errors=0"] + our_flags() + [src])
        if r.returncode == 0:
            return todo
        first = len(names) + 1
        # An error inside a macro is reported at the header, with the probe
        # line in an "in expansion of" note: any probe line mentioned is bad.
        bad = {int(m.group(1)) - first
               for m in re.finditer(r"probe\.c:(\d+):\d+:", r.stderr)}
        bad = {i for i in bad if 0 <= i < len(todo)}
        if not bad:
            fail("probing constants:\n" + r.stderr[:2000])
            return []
        todo = [n for i, n in enumerate(todo) if i not in bad]
    return todo


def print_program(names, consts):
    lines = [include_all(names), "#include <stdio.h>\n",
             "#define ABI_SIGNED(x) (((x) * 0 - 1) < 0)\n",
             "#define ABI_SHOW(n, x) (ABI_SIGNED(x) ? printf(\"%s %lld %c%u\\n\", n, (long long)(x), 's', (unsigned)sizeof(x))"
             " : printf(\"%s %llu %c%u\\n\", n, (unsigned long long)(x), 'u', (unsigned)sizeof(x)))\n",
             "int main(void)\n{\n"]
    for n in consts:
        lines.append("#ifdef %s\n    ABI_SHOW(\"%s\", %s);\n#endif\n" % (n, n, n))
    lines.append("    return 0;\n}\n")
    return "".join(lines)


def compile_run(out, tag, src_text, flags):
    src = write(out, tag + ".c", src_text)
    exe = os.path.join(out, tag)
    r = run([CC, "-w", "-o", exe, src] + flags)
    if r.returncode:
        fail("%s does not compile:\n%s" % (tag, r.stderr[:3000]))
        return None
    r = run([exe])
    if r.returncode:
        fail("%s exited with %d" % (tag, r.returncode))
        return None
    return r.stdout


# Constants that name one OpenSSL patch release. The oracle may be any 3.0.x
# (Debian 12 has shipped 3.0.11 to 3.0.22 and counting), and programs rely
# only on the major/minor release these encode, so they are checked for the
# 3.0 range, never for equality with the machine's patch level.
# OPENSSL_VERSION_MAJOR and _MINOR are not here: they must be equal (3, 0).
RELEASE_NAMED = {"OPENSSL_VERSION_NUMBER", "SSLEAY_VERSION_NUMBER", "OPENSSL_VERSION_PATCH"}
V30_LOW, V30_HIGH = 0x30000000, 0x30100000  # 0xMNN00PP0: 3.0.0 .. 3.0.255


def check_release_named(n, mine, theirs, ours_all):
    """Ours and the system's both name a 3.0 release, and ours agree with
    each other (OPENSSL_VERSION_NUMBER's patch byte is OPENSSL_VERSION_PATCH)."""
    if n == "OPENSSL_VERSION_PATCH":
        number = int(ours_all.get("OPENSSL_VERSION_NUMBER", ["-1"])[0])
        if number < 0 or (number >> 4) & 0xFF != mine:
            fail("OPENSSL_VERSION_PATCH = %d does not match our OPENSSL_VERSION_NUMBER %#x"
                 % (mine, number))
        else:
            ok("%s (ours %d, system %d: any 3.0 patch)" % (n, mine, theirs))
        return
    for who, v in (("ours", mine), ("OpenSSL's", theirs)):
        if not V30_LOW <= v < V30_HIGH or v & 0xF:
            fail("%s: %s %#x is not a 3.0.x release number" % (n, who, v))
            return
    ok("%s (ours %#x, system %#x: both 3.0.x)" % (n, mine, theirs))


def check_constants(out, names, ours, system):
    print("[1] constants")
    candidates = [n for n, (params, body) in ours.items() if params is None and body.strip()]
    consts = integer_constants(out, names, candidates)
    src = print_program(names, consts)
    a = compile_run(out, "consts_ours", src, our_flags())
    b = compile_run(out, "consts_system", src, [])
    if a is None or b is None:
        return
    mine = {l.split()[0]: l.split()[1:] for l in a.splitlines()}
    theirs = {l.split()[0]: l.split()[1:] for l in b.splitlines()}
    compared = 0
    for n in consts:
        if n not in theirs:
            warnings.append("%s: not defined by OpenSSL 3" % n)
            continue
        compared += 1
        (v1, t1), (v2, t2) = mine[n], theirs[n]
        if n in RELEASE_NAMED:
            check_release_named(n, int(v1), int(v2), mine)
        elif v1 != v2:
            fail("%s = %s, OpenSSL has %s" % (n, v1, v2))
        else:
            ok(n)
            if t1 != t2:
                warnings.append("%s: type %s (ours) vs %s (OpenSSL); s/u = signedness, digit = size"
                                % (n, t1, t2))
    print("    %d integer constants, %d compared with OpenSSL" % (len(consts), compared))

    # Aliases: single-identifier expansions present in both.
    aliases = [n for n, (params, body) in ours.items()
               if params is None and re.fullmatch(r"[A-Za-z_]\w*", body.strip() or "0")
               and n in system and not system[n] and n not in consts]
    exp_ours = expand(out, "alias_ours", names, [(n, n) for n in aliases], our_flags())
    exp_sys = expand(out, "alias_system", names, [(n, n) for n in aliases], [])
    n_alias = 0
    for n in aliases:
        e1, e2 = exp_ours.get(n, ""), exp_sys.get(n, "")
        if not re.fullmatch(r"[A-Za-z_]\w*", e1) or not re.fullmatch(r"[A-Za-z_]\w*", e2):
            continue
        n_alias += 1
        if e1 != e2:
            fail("%s expands to %s, OpenSSL's to %s" % (n, e1, e2))
        else:
            ok(n)
    print("    %d aliases compared" % n_alias)


def expand(out, tag, names, items, flags):
    """Preprocess `expr` for each (key, expr); returns {key: expansion}."""
    body = include_all(names) + "".join(
        "ABI_BEGIN_%d %s ABI_END\n" % (i, e) for i, (_, e) in enumerate(items))
    src = write(out, tag + ".c", body)
    r = run([CC, "-E", "-P"] + flags + [src])
    if r.returncode:
        fail("preprocessing %s:\n%s" % (tag, r.stderr[:2000]))
        return {}
    res = {}
    for m in re.finditer(r"ABI_BEGIN_(\d+)\s(.*?)\sABI_END", r.stdout, re.S):
        res[items[int(m.group(1))][0]] = " ".join(m.group(2).split())
    return res


def calls(expansion):
    return {m.group(1) for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", expansion)} - C_WORDS


def check_macros(out, names, ours, system):
    print("[2] function-like macros")
    both = sorted(n for n, (params, _) in ours.items() if params is not None and system.get(n))
    # Argument i is the integer 100+i: it fits integer and (with a warning)
    # pointer parameters, and shows which argument lands in larg.
    invocations = [(n, "%s(%s)" % (n, ", ".join(str(100 + i) for i in range(len(ours[n][0])))))
                   for n in both]
    exp_ours = expand(out, "macros_ours", names, invocations, our_flags())
    exp_sys = expand(out, "macros_system", names, invocations, [])
    chosen = []
    for n, inv in invocations:
        c1 = calls(exp_ours.get(n, ""))
        if not any(TARGET_RE.search(f) for f in c1):
            continue
        c2 = calls(exp_sys.get(n, ""))
        if c1 - set(STUBS):
            warnings.append("%s: not compared, calls %s" % (n, ", ".join(sorted(c1 - set(STUBS)))))
            continue
        if c2 - set(STUBS):
            fail("%s: OpenSSL's expansion calls %s, ours %s"
                 % (n, ", ".join(sorted(c2)), ", ".join(sorted(c1))))
            continue
        chosen.append((n, inv))
    prog = [include_all(names), "#include <stdio.h>\n#include <string.h>\n",
            "static char abi_log[4096];\n",
            "static void abi_rec(const char *f, long a, long b, long c)\n{\n"
            "    size_t n = strlen(abi_log);\n"
            "    snprintf(abi_log + n, sizeof abi_log - n, \" %s(%ld,%ld,%ld)\", f, a, b, c);\n}\n"]
    # Stubs are named abi_stub_<fn> and the target names are #defined to
    # them, so a stub never collides with a generated prototype that differs
    # from OpenSSL's (part 4 reports those); the macros expand at the call
    # site, after these #defines.
    for f, (sig, rec, ret) in sorted(STUBS.items()):
        prog.append("%s\n{\n    abi_rec(\"%s\", %s);\n%s}\n#define %s abi_stub_%s\n"
                    % (sig.replace(" " + f + "(", " abi_stub_" + f + "(").replace("*" + f + "(", "*abi_stub_" + f + "("),
                       f, rec, "    return %s;\n" % ret if ret else "", f, f))
    prog.append("int main(void)\n{\n")
    for n, inv in chosen:
        prog.append("    abi_log[0] = 0; (void)(%s); printf(\"%s%%s\\n\", abi_log);\n" % (inv, n))
    prog.append("    return 0;\n}\n")
    prog = "".join(prog)
    # Undeclared-function and int/pointer conversion diagnostics are expected
    # (the integer arguments); they must not stop newer compilers either.
    relax = ["-Wno-error=int-conversion", "-Wno-error=incompatible-pointer-types",
             "-Wno-error=implicit-function-declaration"]
    a = compile_run(out, "macros_run_ours", prog, our_flags() + relax)
    b = compile_run(out, "macros_run_system", prog, relax)
    if a is None or b is None:
        return
    mine = dict(l.split(" ", 1) if " " in l else (l, "") for l in a.splitlines())
    theirs = dict(l.split(" ", 1) if " " in l else (l, "") for l in b.splitlines())
    for n, _ in chosen:
        if mine.get(n) != theirs.get(n):
            fail("%s records%s, OpenSSL's%s" % (n, " " + mine.get(n, "?"), " " + theirs.get(n, "?")))
        else:
            ok(n)
    print("    %d macros in both, %d call a target and were compared" % (len(both), len(chosen)))


def check_syntax(out, names):
    print("[3] syntax")
    body = include_all(names) + "int abi_syntax_unit;\n"
    c = write(out, "syntax.c", body)
    cc = write(out, "syntax.cc", body)
    for label, cmd in (
        ("gcc -std=c99", [CC, "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-std=c99", c]),
        ("gcc -std=c11", [CC, "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-std=c11", c]),
        ("g++", [CXX, "-fsyntax-only", "-Wall", "-Wextra", "-Werror", cc]),
    ):
        # As a program sees them: only the gates of exported functions open.
        r = run(cmd[:1] + ["-I", INC] + cmd[1:])
        if r.returncode:
            fail("%s:\n%s" % (label, r.stderr[:3000]))
        else:
            ok(label)


SHIM_TYPEDEFS = (
    "typedef void (*sslshim_info_cb)(const SSL *ssl, int type, int val);\n"
    "typedef void (*sslshim_generic_fn)(void);\n"
    "typedef int (*sslshim_client_cert_cb)(SSL *ssl, X509 **x509, EVP_PKEY **pkey);\n"
    "typedef DH *(*sslshim_tmp_dh_cb)(SSL *ssl, int is_export, int keylength);\n"
    "typedef int (*sslshim_cert_cb)(SSL *ssl, void *arg);\n"
    "typedef pem_password_cb *sslshim_pem_password_cb;\n"
    "typedef void (*sslshim_msg_cb)(int write_p, int version, int content_type,"
    " const void *buf, size_t len, SSL *ssl, void *arg);\n"
    "typedef int (*sslshim_new_session_cb)(SSL *ssl, SSL_SESSION *sess);\n"
    "typedef void (*sslshim_remove_session_cb)(SSL_CTX *ctx, SSL_SESSION *sess);\n"
    "typedef SSL_SESSION *(*sslshim_get_session_cb)(SSL *ssl, const unsigned char *data,"
    " int len, int *copy);\n"
)


def check_prototypes(out, names):
    print("[4] prototypes")
    with open(os.path.join(OURS, GENERATED)) as f:
        text = f.read()
    # Declarations only: drop #defines, the extern "C" wrapper and guards.
    text = re.sub(r"(?m)^#.*$", "", text)
    text = re.sub(r'extern "C" \{|^\}', "", text, flags=re.M)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    protos = [" ".join(p.split()) + ";" for p in text.split(";") if "(" in p]
    # Our own names for types OpenSSL spells out in each prototype.
    body = [include_all(names), SHIM_TYPEDEFS]
    for i, p in enumerate(protos):
        name = re.match(r".*?\b(\w+)\s*\(", p).group(1)
        # OpenSSL may define the name as a macro (SSL_get_peer_certificate).
        body.append("#undef %s\n/* abi:%s */ %s\n" % (name, name, p))
    src = write(out, "protos.c", "".join(body))
    r = run([CC, "-fsyntax-only", "-fmax-errors=0", src])
    lines = open(src).read().splitlines()
    bad = {}
    for m in re.finditer(r"protos\.c:(\d+):\d+: error: (.*)", r.stderr):
        line = lines[int(m.group(1)) - 1]
        n = re.search(r"/\* abi:(\w+) \*/", line)
        if n:
            bad.setdefault(n.group(1), m.group(2))
    for i, p in enumerate(protos):
        name = re.match(r".*?\b(\w+)\s*\(", p).group(1)
        if name in bad:
            fail("prototype %s differs from OpenSSL's (%s): %s" % (name, bad[name], p))
        else:
            ok(name)
    if r.returncode and not bad:
        fail("prototype check did not compile:\n" + r.stderr[:2000])
    print("    %d prototypes compared" % len(protos))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "abi"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if not os.path.exists(os.path.join(OURS, GENERATED)):
        print("include/openssl/%s missing: run cargo build first" % GENERATED)
        return 1
    names = headers()
    probe = write(args.out, "system_probe.c", include_all(names))
    if run([CC, "-fsyntax-only", probe]).returncode:
        print("system OpenSSL 3 headers not usable for %s: install libssl-dev" % ", ".join(names))
        return 1
    ours = our_macros(args.out, names)
    system = system_macros(args.out, names)
    check_constants(args.out, names, ours, system)
    check_macros(args.out, names, ours, system)
    check_syntax(args.out, names)
    check_prototypes(args.out, names)
    if warnings:
        print("warnings (%d):" % len(warnings))
        for w in sorted(warnings):
            print("  warn " + w)
    print("abi-test: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
