//! Generates include/openssl/sslshim_generated.h with cbindgen: the
//! `#define`s of src/abi and the prototypes of src/ffi, so every number and
//! signature the C headers expose comes from the Rust source alone.
//!
//! A failure to generate is a warning, not a build error: the Rust compiler
//! reports real syntax errors anyway, and a cbindgen limitation must not stop
//! everyone else's build. `make abi-test` notices a stale header.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "tools/build_dropin.rs"]
mod dropin;

const OUT: &str = "include/openssl/sslshim_generated.h";

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");

    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    if std::env::var_os("CARGO_FEATURE_DROPIN").is_some() {
        // The drop-in flavour exports a different set of functions; the
        // header describes the standalone library and must not change.
        dropin::configure(&root);
        return;
    }
    // The standalone library names itself, as a shared object in the
    // loader's directories must (the Debian package installs it in
    // /usr/lib/<multiarch>). The name is the file's, so programs linked
    // with -lsslshim record the same NEEDED entry as before.
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsslshim.so");
    if let Err(e) = generate(&root) {
        println!("cargo:warning=sslshim_generated.h not regenerated: {e}");
    }
}

fn generate(root: &Path) -> Result<(), String> {
    let mut config = cbindgen::Config::from_file(root.join("cbindgen.toml"))?;

    // Renamed types are OpenSSL's opaque objects (or callback typedefs) that
    // types.h/ssl.h declare by hand; emitting their Rust layout would expose
    // our internals and clash with those declarations.
    let renamed: Vec<String> = config.export.rename.keys().cloned().collect();
    config.export.exclude.extend(renamed);

    // Only src/abi constants are ABI; a `pub const` elsewhere is internal.
    let mut internal = BTreeSet::new();
    collect_consts(&root.join("src"), &root.join("src/abi"), &mut internal);
    let abi_names = {
        let mut s = BTreeSet::new();
        collect_consts(&root.join("src/abi"), Path::new("/nonexistent"), &mut s);
        s
    };
    // A name defined both inside and outside src/abi stays (abi wins).
    config
        .export
        .exclude
        .extend(internal.difference(&abi_names).cloned());

    let mut bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(root.join("src/lib.rs"))
        .generate()
        .map_err(|e| e.to_string())?;

    // Associated constants (`impl Bio { pub const MAGIC }`) are internal
    // tags, not ABI; cbindgen would emit them as BIO_MAGIC.
    bindings.constants.retain(|c| c.associated_to.is_none());

    // One SSLSHIM_HAVE_<fn> per exported function: the hand-written headers
    // define a convenience macro (SSL_CTX_set_mode -> SSL_CTX_ctrl) only when
    // its target exists, so `#ifdef SSL_CTX_set_mode` in a program tells the
    // truth and a missing function shows up as itself, not as a ctrl call.
    let mut names: Vec<String> = bindings
        .functions
        .iter()
        .map(|f| f.path.name().to_owned())
        .collect();
    names.sort();
    let mut trailer = String::from(
        "\n/* Functions this library exports (see the headers' #ifdef SSLSHIM_HAVE_*). */\n",
    );
    for n in &names {
        trailer.push_str(&format!("#define SSLSHIM_HAVE_{n} 1\n"));
    }
    bindings.config.after_includes = Some(trailer);

    let mut text = Vec::new();
    bindings.write(&mut text);
    let path = root.join(OUT);
    // Writing an unchanged header would bump its mtime and make every C
    // consumer (and make) rebuild for nothing.
    if fs::read(&path).ok().as_deref() != Some(&text[..]) {
        fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Names of `pub const` items in .rs files under `dir`, skipping `skip`.
/// A line scan is enough: the crate's style puts one const per line.
fn collect_consts(dir: &Path, skip: &Path, out: &mut BTreeSet<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.starts_with(skip) {
            continue;
        }
        if p.is_dir() {
            collect_consts(&p, skip, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let Ok(src) = fs::read_to_string(&p) else {
                continue;
            };
            for line in src.lines() {
                let l = line.trim_start();
                let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
                if let Some(rest) = l.strip_prefix("pub const ") {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.insert(name);
                    }
                }
            }
        }
    }
}
