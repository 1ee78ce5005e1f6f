#!/usr/bin/env bash
# sslshim-check against independent evidence:
#  - every real program of tools/programs/*.imports (installed by the
#    program tests' mk targets; a missing one is a FAIL): drop-in verdict,
#    and its libssl import list equal to what `ldd` + `nm -D --undefined-only`
#    give, and to the committed list (docs/COVERAGE.md is built from it);
#  - --json agrees with --imports;
#  - examples/client linked to libsslshim: standalone verdict, imports = nm;
#  - for a program linked with OpenSSL: the line saying the standalone
#    must not be preloaded into it, with the imports it lacks = nm's;
#  - its status table: standalone set = the release library's exports,
#    drop-in stubs = the stubs the drop-in build generated;
#  - /bin/true, a static binary, a program linked to a libssl.so.1.1, one
#    importing a libssl.so.3 function we do not export, a missing file, a
#    non-ELF file, usage errors and --help: their exit codes and messages.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/interop/lib.sh

check=$PWD/target/release/sslshim-check
out=$PWD/build/tools/check; rm -rf "$out"; mkdir -p "$out"
cut -d' ' -f1 tools/libssl3.symbols | LC_ALL=C sort > "$out/libssl3.names"

# libssl 3 names imported by FILE and the libraries ldd says it loads
# (libssl/libcrypto themselves excepted), by nm alone.
nm_imports() {
    local objs=("$1")
    while read -r lib; do objs+=("$lib"); done < <(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' |
        grep -v -E '/lib(ssl|crypto|sslshim)\.so')
    nm -D --undefined-only "${objs[@]}" 2>/dev/null | awk 'NF >= 2 {print $NF}' | sed 's/@.*//' |
        LC_ALL=C sort -u | LC_ALL=C comm -12 - "$out/libssl3.names"
}

for f in tools/programs/*.imports; do
    name=$(basename "$f" .imports)
    prog=$(sed -n 's/^# program: //p' "$f")
    if [ ! -f "$prog" ]; then
        fail "$name: $prog not installed (its mk target installs it)"
        continue
    fi
    "$check" "$prog" > "$out/$name.txt" 2>&1
    rc=$?
    if [ $rc -le 1 ] && expect_in "$out/$name.txt" "flavour: drop-in"; then
        pass "$name: drop-in verdict (exit $rc)"
    else
        fail "$name: drop-in verdict" "exit $rc" "$out/$name.txt"
    fi
    "$check" --imports "$prog" > "$out/$name.imports"
    nm_imports "$prog" > "$out/$name.nm"
    n=$(wc -l < "$out/$name.nm")
    if [ "$n" -gt 0 ] && cmp -s "$out/$name.imports" "$out/$name.nm"; then
        pass "$name: $n libssl imports, equal to ldd + nm -D --undefined-only"
    else
        diff "$out/$name.nm" "$out/$name.imports" > "$out/$name.diff"
        fail "$name: imports differ from ldd + nm (< nm, > sslshim-check)" "" "$out/$name.diff"
    fi
    # The committed list (docs/COVERAGE.md's source) is compared with the
    # package version it was written from; another Debian 12 point release
    # of the program may import other functions, and that is no failure here.
    written=$(sed -n 's/^# package: //p' "$f")
    installed=$(dpkg -S "$prog" 2>/dev/null | head -1 | cut -d: -f1)
    installed="$installed $(dpkg-query -W -f '${Version}' "$installed" 2>/dev/null)"
    if [ "$written" != "$installed" ]; then
        skip "$name: committed $f" "written from $written, installed is $installed"
    elif grep -v '^#' "$f" | cmp -s - "$out/$name.imports"; then
        pass "$name: committed $f is current ($written)"
    else
        fail "$name: $f is stale (make program-imports && make coverage)"
    fi
done

# The interpreter itself: CPython dlopen()s its _ssl module, which
# sslshim-check finds from the interpreter's path; same verdict and imports
# as the module checked directly.
py_module=$(sed -n 's/^# program: //p' tools/programs/python3.imports)
"$check" /usr/bin/python3 > "$out/python3-interp.txt" 2>&1
rc=$?
"$check" --imports /usr/bin/python3 > "$out/python3-interp.imports"
if [ $rc -le 1 ] && expect_in "$out/python3-interp.txt" "flavour: drop-in" "$py_module" \
    && cmp -s "$out/python3-interp.imports" "$out/python3.imports"; then
    pass "/usr/bin/python3: drop-in verdict through $(basename "$py_module") (exit $rc)"
else
    fail "/usr/bin/python3: drop-in verdict through its _ssl module" "exit $rc" "$out/python3-interp.txt"
fi

# --json: valid, and the same names and verdict as the text modes.
"$check" --json /usr/bin/curl > "$out/curl.json"
rc=$?
if python3 - "$out/curl.json" "$out/curl.imports" "$rc" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
names = [i["name"] for i in j["libssl_imports"]]
want = open(sys.argv[2]).read().split()
assert names == want, (names, want)
assert j["flavour"] == "drop-in" and j["exit"] == int(sys.argv[3])
assert all(i["status"] in ("implemented", "fails-cleanly", "stub") for i in j["libssl_imports"])
assert all(i["dropin"] == i["status"] and i["standalone"] in ("implemented", "fails-cleanly", "absent")
           for i in j["libssl_imports"])
assert any(l["name"] == "libssl.so.3" for l in j["libs"])
PY
then pass "--json on curl agrees with --imports and the exit code"
else fail "--json on curl" "" "$out/curl.json"; fi

# Standalone: examples/client built against include/ and -lsslshim.
client=build/examples/client
"$check" --all "$client" > "$out/client.txt" 2>&1
rc=$?
"$check" --imports "$client" > "$out/client.imports"
nm -D --undefined-only "$client" | awk '{print $NF}' | sed 's/@.*//' | LC_ALL=C sort -u |
    LC_ALL=C comm -12 - "$out/libssl3.names" > "$out/client.nm"
if [ $rc -le 1 ] && expect_in "$out/client.txt" "flavour: standalone" "other sslshim functions imported" &&
    cmp -s "$out/client.imports" "$out/client.nm"; then
    pass "examples/client: standalone verdict, $(wc -l < "$out/client.nm") libssl imports = nm"
else
    fail "examples/client: standalone verdict" "exit $rc" "$out/client.txt"
fi

# The table against the built libraries.
"$check" --table > "$out/table.tsv"
awk -F'\t' '!/^#/ && $3 != "absent" {print $1}' "$out/table.tsv" | LC_ALL=C sort > "$out/table.sa"
nm -D --defined-only target/release/libsslshim.so | awk '$2 == "T" {print $3}' | sed 's/@.*//' |
    LC_ALL=C sort -u > "$out/lib.sa"
cmp -s "$out/table.sa" "$out/lib.sa" &&
    pass "table: standalone set = libsslshim.so's exports ($(wc -l < "$out/lib.sa"))" ||
    fail "table: standalone set differs from libsslshim.so's exports"
# The drop-in's stubs as its linker left them: the weak stubs no entry point
# replaced, which tools/dropin-cc listed (nm type W) before its second link.
stubs=$(ls -td target/dropin/release/build/sslshim-*/out/dropin_stubs_strong.names 2>/dev/null | head -1)
awk -F'\t' '!/^#/ && $6 == "stub" {print $1}' "$out/table.tsv" | LC_ALL=C sort > "$out/table.stubs"
LC_ALL=C sort "$stubs" 2>/dev/null > "$out/lib.stubs"
# (The list exists even when empty: no stub left.)
[ -n "$stubs" ] && [ -e "$stubs" ] && cmp -s "$out/table.stubs" "$out/lib.stubs" &&
    pass "table: drop-in stubs = the drop-in build's ($(wc -l < "$out/lib.stubs"))" ||
    fail "table: drop-in stubs differ from $stubs"


# Not the standalone (src/guard.rs): for a program linked with OpenSSL,
# the line saying libsslshim.so must not be preloaded into it, and why:
# its OpenSSL imports that libsslshim.so does not export, which --json
# lists and which must equal ldd + nm -D (imports versioned OPENSSL_*,
# minus the release library's exports). tests/tools/mixed.c (system
# headers, -lssl -lcrypto) calls libcrypto functions the standalone lacks;
# built -DONLY_OURS it calls none, and the line says preloading would work.
nm -D --defined-only target/release/libsslshim.so | awk '{print $3}' | sed 's/@.*//' |
    LC_ALL=C sort -u > "$out/standalone.exports"
nm_lacks() {
    local objs=("$1")
    while read -r lib; do objs+=("$lib"); done < <(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' |
        grep -v -E '/lib(ssl|crypto|sslshim)\.so')
    nm -D --undefined-only "${objs[@]}" 2>/dev/null | awk '$NF ~ /@OPENSSL/ {sub(/@.*/, "", $NF); print $NF}' |
        LC_ALL=C sort -u | LC_ALL=C comm -23 - "$out/standalone.exports"
}
gcc -Wno-deprecated-declarations -o "$out/mixed" tests/tools/mixed.c -lssl -lcrypto &&
    gcc -Wno-deprecated-declarations -DONLY_OURS -o "$out/ours" tests/tools/mixed.c -lssl -lcrypto ||
    fail "building tests/tools/mixed.c"
for p in "$out/mixed" /usr/bin/curl; do
    name=$(basename "$p")
    "$check" "$p" > "$out/$name.lacks.txt" 2>&1
    "$check" --json "$p" | python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)["standalone_lacks"]))' |
        sed '/^$/d' > "$out/$name.lacks"
    nm_lacks "$p" > "$out/$name.lacks.nm"
    n=$(wc -l < "$out/$name.lacks.nm")
    if [ "$n" -gt 0 ] && cmp -s "$out/$name.lacks" "$out/$name.lacks.nm" &&
        expect_in "$out/$name.lacks.txt" \
            "not the standalone: do not LD_PRELOAD libsslshim.so into it: $n OpenSSL function(s) it imports are not in libsslshim.so ($(head -1 "$out/$name.lacks.nm")" \
            "would stay bound to OpenSSL's own libssl/libcrypto" "libsslshim.so stops such a process at load (exit 2)"; then
        pass "$name: not the standalone, its $n imports libsslshim.so lacks = ldd + nm"
    else
        diff "$out/$name.lacks.nm" "$out/$name.lacks" >> "$out/$name.lacks.txt"
        fail "$name: the not-the-standalone line or list (< nm, > sslshim-check)" "" "$out/$name.lacks.txt"
    fi
done
"$check" "$out/ours" > "$out/ours.txt" 2>&1
if [ ! -s "$(nm_lacks "$out/ours" > "$out/ours.lacks.nm"; echo "$out/ours.lacks.nm")" ] &&
    expect_in "$out/ours.txt" "flavour: drop-in" "not the standalone: LD_PRELOAD of libsslshim.so would also serve it"; then
    pass "mixed.c -DONLY_OURS: drop-in, and the standalone would also serve it"
else
    fail "mixed.c -DONLY_OURS: the not-the-standalone line" "" "$out/ours.txt" "$out/ours.lacks.nm"
fi

expect_exit "/bin/true" 2 "not an OpenSSL program" "$check" /bin/true
expect_exit "the system libssl itself" 2 "a TLS library itself" "$check" /lib/x86_64-linux-gnu/libssl.so.3
expect_exit "missing file" 66 "$out/nope: No such file" "$check" "$out/nope"
expect_exit "non-ELF file" 66 "not an ELF file" "$check" tests/certs/ca.pem
expect_exit "--help" 0 "exit status:" "$check" --help
expect_exit "no PROGRAM" 64 "missing PROGRAM" "$check"
expect_exit "unknown option" 64 "unknown option --frobnicate" "$check" --frobnicate /bin/true

# Built here: a static binary, and programs linked to fake libssl builds.
cat > "$out/main.c" <<'C'
int SSL_CTX_new(void); int SSL_future_function(void);
int main(void) { return SSL_CTX_new() + FUTURE; }
C
echo 'int SSL_CTX_new(void) { return 0; } int SSL_future_function(void) { return 0; }' > "$out/fake.c"
mkdir -p "$out/v11" "$out/v3"
if gcc -static -o "$out/static" -x c - <<< 'int main(void) { return 0; }' 2> "$out/static.log"; then
    expect_exit "static binary" 2 "statically linked" "$check" "$out/static"
else
    fail "static binary: gcc -static failed" "" "$out/static.log"
fi
gcc -shared -fPIC -Wl,-soname,libssl.so.1.1 -o "$out/v11/libssl.so.1.1" "$out/fake.c" &&
    ln -sf libssl.so.1.1 "$out/v11/libssl.so" &&
    gcc -DFUTURE=0 -o "$out/prog11" "$out/main.c" -L"$out/v11" -Wl,-rpath,"$out/v11" -lssl &&
    expect_exit "linked to libssl.so.1.1" 2 "linked to libssl.so.1.1" "$check" "$out/prog11"
gcc -shared -fPIC -Wl,-soname,libssl.so.3 -o "$out/v3/libssl.so.3" "$out/fake.c" &&
    ln -sf libssl.so.3 "$out/v3/libssl.so" &&
    gcc -DFUTURE='SSL_future_function()' -o "$out/prog3" "$out/main.c" -L"$out/v3" -Wl,-rpath,"$out/v3" -lssl &&
    expect_exit "imports a function the drop-in does not export" 3 "SSL_future_function" "$check" "$out/prog3"

echo "test-tools (sslshim-check): $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
