#!/bin/sh
# Writes tools/libssl3.symbols: every function the system libssl.so.3 exports,
# one "NAME VERSION" per line, sorted. The drop-in flavour exports exactly
# this set (build.rs turns it into the version script and the clean-failure
# stubs), so regenerate it only to follow a newer libssl 3, then commit it.
#   tools/libssl3-symbols.sh [path/to/libssl.so.3]
set -eu
lib=${1:-$(gcc -print-file-name=libssl.so.3)}
[ -f "$lib" ] || lib=/usr/lib/x86_64-linux-gnu/libssl.so.3
out=$(dirname "$0")/libssl3.symbols
# Defined text symbols with their default version (NAME@@VERSION); the
# absolute symbol of the version node itself (type A) is not a function.
nm -D --defined-only --with-symbol-versions "$lib" |
    awk '$2 == "T" { split($3, a, "@@"); print a[1], a[2] }' |
    LC_ALL=C sort > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out: $(wc -l < "$out") functions from $lib"
