# Shared start of the real-source-tree tests (tests/sources/*.sh, issue 16):
# a Debian 12 source package, unpacked unchanged (Debian's patches applied,
# as `apt-get source` does), built with its own build system against the
# standalone flavour through build/pkgconfig/sslshim.pc, then run against
# real peers. Sourced from the repository root.
#
#   source_setup NAME        out=build/sources/NAME (emptied, but the
#                            downloaded source is kept in build/sources/dl)
#   source_fetch PACKAGE     unpacks PACKAGE into $out/src, sets srcdir
#   standalone_flags         sets PC_CFLAGS, PC_LIBS from sslshim.pc
#   check_build LOG BIN...   no implicit declaration in LOG (they would
#                            mean a function missing from our headers), and
#                            every BIN loads libsslshim.so and no OpenSSL
source tests/dropin/lib.sh

source_setup() {
    out=$PWD/build/sources/$1
    dl=$PWD/build/sources/dl
    certs=$PWD/tests/certs
    rm -rf "$out"
    mkdir -p "$out" "$dl"
}

# Source packages come from the machine's own Debian mirror: a private apt
# state in $dl/apt whose list is the system's `deb` entries turned into
# `deb-src`, so the system's apt configuration is left alone.
apt_src() {
    local a=$dl/apt
    mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/sources.list.d"
    apt-get -o Dir::Etc::SourceList="$a/sources.list" -o Dir::Etc::SourceParts="$a/sources.list.d" \
        -o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" -o APT::Sandbox::User=root "$@"
}

source_lists() {
    local a=$dl/apt
    [ -e "$a/updated" ] && return 0
    mkdir -p "$a/sources.list.d"
    : > "$a/sources.list"
    [ -f /etc/apt/sources.list ] && sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >> "$a/sources.list"
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        sed 's/^Types: .*/Types: deb-src/' "$f" > "$a/sources.list.d/$(basename "$f")"
    done
    for f in /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        sed -n 's/^deb /deb-src /p' "$f" > "$a/sources.list.d/$(basename "$f")"
    done
    apt_src update -qq > "$a/update.log" 2>&1 && touch "$a/updated"
}

source_fetch() {
    local pkg=$1
    command -v dpkg-source > /dev/null || {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg-dev > /dev/null 2>&1
    }
    if ! ls -d "$dl/$pkg"/*/ > /dev/null 2>&1; then
        source_lists || { fail "$pkg: apt-get update for source packages" "" "$dl/apt/update.log"; return 1; }
        rm -rf "$dl/$pkg.tmp" && mkdir -p "$dl/$pkg.tmp"
        (cd "$dl/$pkg.tmp" && apt_src source -qq "$pkg") > "$out/fetch.log" 2>&1 \
            || { fail "$pkg: apt-get source" "" "$out/fetch.log"; return 1; }
        rm -rf "$dl/$pkg" && mv "$dl/$pkg.tmp" "$dl/$pkg"
    fi
    local d
    d=$(ls -d "$dl/$pkg"/*/ | head -1)
    cp -a "$d" "$out/src"
    srcdir=$out/src
    dsc=$(basename "$(ls "$dl/$pkg"/*.dsc | head -1)")
    echo "      source: $dsc"
}

standalone_flags() {
    local pc=$PWD/build/pkgconfig
    PC_CFLAGS=$(PKG_CONFIG_PATH=$pc pkg-config --cflags sslshim)
    PC_LIBS=$(PKG_CONFIG_PATH=$pc pkg-config --libs sslshim)
    PC_LDFLAGS=$(PKG_CONFIG_PATH=$pc pkg-config --libs-only-L --libs-only-other sslshim)
}

check_build() {
    local log=$1 bin; shift
    if grep -E 'implicit declaration of function' "$log" > "$out/implicit.txt"; then
        fail "build: implicit declarations (functions our headers lack)" "" "$out/implicit.txt"
        return 1
    fi
    for bin in "$@"; do
        ldd "$bin" > "$out/ldd.txt" 2>&1
        if grep -q 'libsslshim.so' "$out/ldd.txt" && ! grep -qE 'lib(ssl|crypto)\.so\.3' "$out/ldd.txt"; then
            :
        else
            fail "build: $(basename "$bin") links libsslshim.so and no OpenSSL" "" "$out/ldd.txt"
            return 1
        fi
    done
    local names=() b
    for b in "$@"; do names+=("$(basename "$b")"); done
    pass "build: $(basename "$out") from its unchanged source with sslshim.pc: no implicit declaration; ${names[*]} load libsslshim.so and no OpenSSL"
}

# check_imports BIN...: the functions of libsslshim.so the binaries import
# must be the list tests/sources/NAME.imports holds (docs/COVERAGE.md shows
# it per source tree, with each function's status). A new Debian upload
# that calls more shows up here; SSLSHIM_UPDATE_IMPORTS=1 rewrites the list.
check_imports() {
    local name list=$PWD/tests/sources/$(basename "$out").imports
    name=$(basename "$out")
    nm -D --defined-only "$PWD/target/release/libsslshim.so" | awk '{print $3}' | sort -u > "$out/ours.syms"
    for b in "$@"; do nm -D --undefined-only "$b" | awk '{print $2}' | sed 's/@.*//'; done \
        | sort -u | comm -12 - "$out/ours.syms" > "$out/imports.txt"
    if [ "${SSLSHIM_UPDATE_IMPORTS:-}" = 1 ]; then
        { echo "# $name: functions of libsslshim.so its binaries import (tests/sources/$name.sh)"
          echo "# source: $dsc"
          cat "$out/imports.txt"; } > "$list"
    fi
    [ -f "$list" ] || echo "no $list yet" > "$out/imports.diff"
    if [ -f "$list" ] && diff <(grep -v '^#' "$list") "$out/imports.txt" > "$out/imports.diff"; then
        pass "$name imports $(wc -l < "$out/imports.txt") functions of ours, as tests/sources/$name.imports lists"
    else
        fail "$name imports differ from tests/sources/$name.imports (SSLSHIM_UPDATE_IMPORTS=1 rewrites it)" "" "$out/imports.diff"
    fi
}

# dropin_checks NAME VAR BIN SCRIPT: the drop-in program test SCRIPT with
# VAR=BIN, which makes BIN its "ours" (run as it is, no preload); passes
# when SCRIPT passes every check.
dropin_checks() {
    local name=$1 var=$2 bin=$3 script=$4 rc n
    env "$var=$bin" "$script" > "$out/run.log" 2>&1
    rc=$?
    n=$(grep -c '^PASS' "$out/run.log")
    if [ $rc -eq 0 ] && [ "$n" -gt 0 ]; then
        pass "$name (ours: built from source) equal to Debian's on the system OpenSSL: $n checks"
    else
        fail "$name built from source" "" "$out/run.log"
    fi
}

# same_features NAME SYSTEM_CONFIG_H OURS_CONFIG_H: a configure script found
# the same features (its HAVE_* lines) on us as on the system OpenSSL.
same_features() {
    local name=$1 sys=$2 ours=$3
    if diff <(grep '^#define HAVE_' "$sys") <(grep '^#define HAVE_' "$ours") > "$out/features.diff"; then
        pass "$name: configure finds the same $(grep -c '^#define HAVE_' "$ours") features as on the system OpenSSL"
    else
        fail "$name: configure's features differ from the system OpenSSL's" "" "$out/features.diff"
    fi
}
