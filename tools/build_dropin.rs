//! build.rs half for the drop-in flavour (`--features dropin`, `make dropin`):
//! the `libssl.so.3` that unchanged OpenSSL 3 binaries load instead of
//! libssl. See docs/DROPIN.md.
//!
//! From tools/libssl3.symbols (every function the system libssl 3 exports,
//! with its version node) this writes into OUT_DIR:
//! - `libssl3.map`, the version script: those names global under their
//!   nodes (`OPENSSL_3.0.0 { global: ...; };`), everything else local, so
//!   none of our BIO_/ERR_/X509_/... functions is visible to the process;
//! - `dropin_stubs.rs`, one clean-failure stub for each of those names that
//!   src/ffi does not implement in this flavour (src/ffi/libcrypto/stubs.rs
//!   includes it).
//!
//! "Implemented in this flavour" is read from the source: a `#[unsafe(no_mangle)]`
//! entry point counts unless the line before it renames it for the drop-in
//! flavour (`#[cfg_attr(feature = "dropin", unsafe(export_name = "sslshim_own_..."))]`,
//! the marker for functions that are libcrypto's or that would hand our own
//! objects to a program expecting libcrypto's).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const SYMBOLS: &str = "tools/libssl3.symbols";
const OWN_MARK: &str = "unsafe(export_name = \"sslshim_own_";

/// Stubs whose failure value is not 0. Everything else returns 0 (NULL,
/// 0 = failure for int functions, nothing for void ones); see
/// docs/DROPIN.md for why that is ABI-safe.
const STUB_RETURNS: &[(&str, i64)] = &[
    // 0 means success for OpenSSL's SRTP setters: fail with 1.
    ("SSL_CTX_set_tlsext_use_srtp", 1),
    ("SSL_set_tlsext_use_srtp", 1),
    // -1 is the error value; 0 would be a valid answer or a non-fatal state.
    ("SSL_get_ex_data_X509_STORE_CTX_idx", -1),
    ("SSL_sendfile", -1),
    ("DTLSv1_listen", -1),
    ("SSL_stateless", -1),
    ("SSL_dane_tlsa_add", -1),
    ("SSL_get0_dane_authority", -1),
    ("SSL_get0_dane_tlsa", -1),
];

pub fn configure(root: &Path) {
    println!("cargo:rerun-if-changed={SYMBOLS}");
    println!("cargo:rerun-if-changed=tools/build_dropin.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));

    let symbols = read_symbols(&root.join(SYMBOLS));
    let mut implemented = BTreeSet::new();
    scan(&root.join("src/ffi"), &mut implemented);

    let map = out.join("libssl3.map");
    write_if_changed(&map, &version_script(&symbols));
    write_if_changed(&out.join("dropin_stubs.rs"), &stubs(&symbols, &implemented));

    // Only the cdylib is the drop-in library; tests and the rlib link
    // libcrypto too, for the libcrypto-backed seams.
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libssl.so.3");
    println!(
        "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
        map.display()
    );
    println!("cargo:rustc-cdylib-link-arg=-Wl,--no-undefined");
    println!("cargo:rustc-link-lib=dylib=crypto");
}

/// name -> version node, from "NAME VERSION" lines.
pub fn read_symbols(path: &Path) -> BTreeMap<String, String> {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run tools/libssl3-symbols.sh)", path.display()));
    text.lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            Some((it.next()?.to_owned(), it.next()?.to_owned()))
        })
        .collect()
}

/// Names of entry points src/ffi exports in the drop-in flavour.
pub fn scan(dir: &Path, out: &mut BTreeSet<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            scan(&p, out);
            continue;
        }
        if p.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let Ok(src) = fs::read_to_string(&p) else {
            continue;
        };
        let lines: Vec<&str> = src.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if l.trim() != "#[unsafe(no_mangle)]" {
                continue;
            }
            if renamed(&lines[..i]) {
                continue;
            }
            if let Some(name) = lines[i + 1..].iter().find_map(|l| fn_name(l)) {
                out.insert(name);
            }
        }
    }
}

/// Whether the attributes just above a `#[unsafe(no_mangle)]` (the lines
/// back to the previous item, at most a few; rustfmt may split the marker
/// over several) carry the drop-in rename.
fn renamed(before: &[&str]) -> bool {
    before
        .iter()
        .rev()
        .take(6)
        .take_while(|l| {
            let t = l.trim();
            !t.is_empty() && !t.ends_with('}') && !t.ends_with(';') && !t.ends_with('{')
        })
        .any(|l| l.contains(OWN_MARK))
}

fn fn_name(line: &str) -> Option<String> {
    let rest = &line[line.find("extern \"C\" fn ")? + "extern \"C\" fn ".len()..];
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

fn version_script(symbols: &BTreeMap<String, String>) -> String {
    let mut nodes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, node) in symbols {
        nodes.entry(node).or_default().push(name);
    }
    let mut s = String::from("/* generated by build.rs from tools/libssl3.symbols */\n");
    // Nodes in name order chain each later node to the one before
    // (OPENSSL_3.0.0 < OPENSSL_3.2.0 ...), as libssl's own script does.
    let mut prev: Option<&str> = None;
    let count = nodes.len();
    for (i, (node, names)) in nodes.iter().enumerate() {
        let _ = writeln!(s, "{node} {{\n  global:");
        for n in names {
            let _ = writeln!(s, "    {n};");
        }
        if i + 1 == count {
            s.push_str("  local: *;\n");
        }
        match prev {
            Some(p) => {
                let _ = writeln!(s, "}} {p};");
            }
            None => s.push_str("};\n"),
        }
        prev = Some(node);
    }
    s
}

fn stubs(symbols: &BTreeMap<String, String>, implemented: &BTreeSet<String>) -> String {
    let mut s = String::from(
        "// generated by build.rs: one clean-failure stub per libssl 3 function\n\
         // this flavour does not implement (see src/ffi/libcrypto/stubs.rs)\n",
    );
    for name in symbols.keys().filter(|n| !implemented.contains(*n)) {
        let ret = STUB_RETURNS
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, r)| *r);
        let _ = writeln!(s, "stub!({name}, {ret});");
    }
    s
}

fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
