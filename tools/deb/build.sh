#!/usr/bin/env bash
# make deb: the Debian package, from `make install` staged with DESTDIR.
#   tools/deb/build.sh OUTDIR
# writes OUTDIR/sslshim_<version>_<arch>.deb and, with the debug information
# split off the shipped ELF files, OUTDIR/sslshim-dbgsym_<version>_<arch>.ddeb
# (Debian's automatic debug-symbol package: /usr/lib/debug/.build-id/).
# Only dpkg's own tools: dpkg-deb builds, dpkg-shlibdeps computes Depends.
# (cargo-deb would build the crate again in its own profile and knows
# nothing of the drop-in's separate cargo invocation, its version script or
# the man pages; `make install` already knows every file's place.)
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-build/deb}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
# The package version is the changelog's; it must be the crate's.
deb_version=$(sed -n '1s/^sslshim (\([^)]*\)).*/\1/p' tools/deb/changelog)
if [ "$deb_version" != "$version" ]; then
    echo "deb: tools/deb/changelog is at $deb_version, Cargo.toml at $version: add a changelog entry" >&2
    exit 1
fi
maintainer=$(sed -n 's/^ -- \(.*>\)  .*/\1/p' tools/deb/changelog | head -1)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
triple=$(rustc -vV | sed -n 's/^host: //p')
libdir=/usr/lib/$multiarch

root=$PWD/$out/sslshim dbg=$PWD/$out/sslshim-dbgsym
rm -rf "$root" "$dbg" "$out"/*.deb "$out"/*.ddeb
mkdir -p "$root/DEBIAN" "$dbg/DEBIAN"

# 1. The files, where `make install` puts them for PREFIX=/usr.
make -s --no-print-directory install DESTDIR="$root" PREFIX=/usr INSTALL_LIBDIR="$libdir"

# 2. Debug information split off (as dh_strip does): each ELF file keeps a
#    .gnu_debuglink to /usr/lib/debug/.build-id/xx/yyyy.debug in -dbgsym.
build_ids=()
elves=("$root$libdir/libsslshim.so" "$root$libdir/sslshim/libssl.so.3" "$root"/usr/bin/*)
for f in "${elves[@]}"; do
    id=$(readelf -n "$f" | sed -n 's/.*Build ID: \([0-9a-f]*\)/\1/p')
    [ -n "$id" ] || { echo "deb: $f has no build id" >&2; exit 1; }
    d=$dbg/usr/lib/debug/.build-id/${id:0:2}
    mkdir -p "$d"
    objcopy --only-keep-debug --compress-debug-sections "$f" "$d/${id:2}.debug"
    chmod 644 "$d/${id:2}.debug"
    case $f in
    *.so|*.so.*) strip --remove-section=.comment --remove-section=.note --strip-unneeded "$f" ;;
    *) strip --remove-section=.comment --remove-section=.note "$f" ;;
    esac
    objcopy --add-gnu-debuglink="$d/${id:2}.debug" "$f"
    build_ids+=("$id")
done

# 3. Documentation: manual pages and the Debian copyright and changelog.
mkdir -p "$root/usr/share/man/man1" "$root/usr/share/man/man7" "$root/usr/share/doc/sslshim"
for m in docs/man/*.1 docs/man/*.7; do
    gzip -9n < "$m" > "$root/usr/share/man/man${m##*.}/$(basename "$m").gz"
done
gzip -9n < tools/deb/changelog > "$root/usr/share/doc/sslshim/changelog.gz"
mkdir -p "$root/usr/share/lintian/overrides"
sed "s|x86_64-linux-gnu|$multiarch|" tools/deb/lintian-overrides > "$root/usr/share/lintian/overrides/sslshim"
python3 tools/deb/copyright.py "$triple" > "$root/usr/share/doc/sslshim/copyright"
mkdir -p "$dbg/usr/share/doc"
ln -s sslshim "$dbg/usr/share/doc/sslshim-dbgsym"

# 4. Control files. Depends from the ELF files' NEEDED entries: libc6,
#    libgcc-s1, and libssl3 for the drop-in's libcrypto.so.3.
work=$PWD/$out/shlibs; rm -rf "$work"; mkdir -p "$work/debian"
printf 'Source: sslshim\n\nPackage: sslshim\nArchitecture: any\n' > "$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O "${elves[@]}" 2>"$work/warnings" |
    sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { cat "$work/warnings" >&2; echo "deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

# Directories 0755 and files without group/other write, whatever the umask.
chmod -R u+rwX,go+rX,go-w "$root" "$dbg"
control() { # DIR: fills in control.in's placeholders for DIR's package
    sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
        -e "s|@SIZE@|$(du -sk --exclude=DEBIAN "$1" | cut -f1)|" -e "s|@DEPENDS@|$depends|"
}
control "$root" < tools/deb/control.in > "$root/DEBIAN/control"
install -m 644 tools/deb/triggers "$root/DEBIAN/triggers"
cat > "$dbg/DEBIAN/control" <<CONTROL
Package: sslshim-dbgsym
Source: sslshim
Version: $version
Auto-Built-Package: debug-symbols
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$dbg" | cut -f1)
Depends: sslshim (= $version)
Section: debug
Priority: optional
Description: debug symbols for sslshim
Build-Ids: ${build_ids[*]}
CONTROL
for d in "$root" "$dbg"; do
    (cd "$d" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
        xargs -0 md5sum > DEBIAN/md5sums)
done

# 5. The packages (root-owned files, whoever builds).
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/sslshim_${version}_${arch}.deb" >/dev/null
dpkg-deb --root-owner-group -Zxz --build "$dbg" "$out/sslshim-dbgsym_${version}_${arch}.ddeb" >/dev/null
ls -l "$out"/*.deb "$out"/*.ddeb | awk '{ print "deb: " $NF " (" $5 " bytes)" }'
