//! The wrong-flavour guard: the standalone `libsslshim.so` preloaded into a
//! program linked with OpenSSL's own libssl/libcrypto (docs/DROPIN.md,
//! "Which flavour").
//!
//! Preloading puts our functions ahead of OpenSSL's for every name we
//! export; every name we do not export still binds to the real library.
//! A program importing, say, `SSL_CTX_get_cert_store` or libcrypto's
//! `X509_STORE_add_cert` would then hand our objects to OpenSSL (or
//! OpenSSL's to us) and crash. The drop-in `libssl.so.3` is made for such
//! programs: it uses the process's libcrypto, so nothing crosses.
//!
//! The rule, checked when the library is loaded (and again below):
//! - no real `libssl.so.*`/`libcrypto.so.*` in the process, or one that
//!   comes before us in the loader's order (we were dlopen()ed after it
//!   and interpose nothing): nothing to say;
//! - a real one after us, and every function the other objects import
//!   from it is one of ours: their calls all reach us and the real library
//!   is loaded but never called by them (how tests/c's mode (c) runs an
//!   oracle binary): fine, logged at `info`;
//! - a real one after us and some object imports from it a function we do
//!   not export: the mix. One line on stderr names the drop-in to use
//!   instead, and the process stops with [`EXIT_MIXED`] before `main`,
//!   unless [`ALLOW_MIXED`] is set (then it runs, at its own risk).
//!
//! The check runs when the library is loaded and again at the first
//! `SSL_CTX_new`, which sees the modules dlopen()ed in between (a
//! scripting language's TLS module); later ones are not seen.

#![forbid(unsafe_code)]

use crate::os::loaded::{self, Object};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Set (to anything but "0" or "") to run a mixed process anyway.
pub const ALLOW_MIXED: &str = "SSLSHIM_ALLOW_MIXED";

/// The exit status of a stopped process (as `sslshim-check`'s "cannot run").
pub const EXIT_MIXED: i32 = 2;

/// What the loaded objects say.
#[derive(Debug, PartialEq, Eq)]
pub enum Finding {
    /// No real OpenSSL library that our exports shadow.
    Alone,
    /// Real libraries loaded (their sonames), every import served by us.
    Shadowed(Vec<String>),
    /// Real libraries loaded (their sonames), and the functions imported
    /// from them that we lack.
    Mixed(Vec<String>, Vec<String>),
}

/// OpenSSL's own libraries (any version): not us, by soname.
fn is_real(o: &Object) -> bool {
    !o.is_self
        && o.soname
            .as_deref()
            .is_some_and(|s| s.starts_with("libssl.so.") || s.starts_with("libcrypto.so."))
}

/// The finding for `objects` in the loader's order.
pub fn assess(objects: &[Object]) -> Finding {
    let Some(me) = objects.iter().position(|o| o.is_self) else {
        return Finding::Alone;
    };
    let real: Vec<String> = objects[me..]
        .iter()
        .filter(|o| is_real(o))
        .filter_map(|o| o.soname.clone())
        .collect();
    if real.is_empty() {
        return Finding::Alone;
    }
    let ours: BTreeSet<&str> = objects[me].exports.iter().map(String::as_str).collect();
    let lacking: BTreeSet<String> = objects
        .iter()
        .filter(|o| !o.is_self && !is_real(o))
        .flat_map(|o| &o.imports)
        .filter(|(name, from)| {
            from.as_ref().is_some_and(|f| real.contains(f)) && !ours.contains(name.as_str())
        })
        .map(|(name, _)| name.clone())
        .collect();
    if lacking.is_empty() {
        Finding::Shadowed(real)
    } else {
        Finding::Mixed(real, lacking.into_iter().collect())
    }
}

/// Where the drop-in flavour is, seen from the standalone library's path:
/// installed (`make install`: LIBDIR/libsslshim.so, LIBDIR/sslshim/libssl.so.3)
/// or built (target/release/libsslshim.so, target/dropin/libssl.so.3).
pub fn dropin_beside(standalone: &Path) -> Option<PathBuf> {
    let me = std::fs::canonicalize(standalone).ok()?;
    let dir = me.parent()?;
    let candidates = [
        dir.join("sslshim/libssl.so.3"),
        dir.parent()?.join("dropin/libssl.so.3"),
    ];
    candidates
        .into_iter()
        .filter_map(|c| std::fs::canonicalize(c).ok())
        .find(|c| c.is_file() && *c != me)
}

/// The one line said about a mixed process.
pub fn message(
    real: &[String],
    lacking: &[String],
    dropin: Option<&Path>,
    allowed: bool,
) -> String {
    const SHOWN: usize = 3;
    let mut names = lacking
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if lacking.len() > SHOWN {
        names += &format!(" and {} more", lacking.len() - SHOWN);
    }
    let dropin = dropin.map_or_else(
        || "the drop-in libssl.so.3 (LD_PRELOAD of it)".to_owned(),
        |p| format!("the drop-in (LD_PRELOAD={})", p.display()),
    );
    let then = if allowed {
        format!("continuing because {ALLOW_MIXED} is set")
    } else {
        format!("stopping (exit {EXIT_MIXED}; {ALLOW_MIXED}=1 runs it anyway)")
    };
    format!(
        "sslshim: libsslshim.so (standalone) is loaded into a program linked with OpenSSL's {}, \
         which imports functions libsslshim.so lacks ({names}): OpenSSL would get sslshim's \
         objects; use {dropin} or sslshim-run PROGRAM instead; {then}",
        real.join("/")
    )
}

fn allowed() -> bool {
    std::env::var(ALLOW_MIXED).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Whether these objects differ from the ones the last symbol reading
/// saw. The second check (the first `SSL_CTX_new`) has something new to
/// find only when a module was loaded since; reading every object's
/// symbols again was most of a preloaded process's start-up cost.
fn first_look(objects: &[Object]) -> bool {
    static SEEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if seen.len() == objects.len() && seen.iter().zip(objects).all(|(s, o)| *s == o.path) {
        return false;
    }
    *seen = objects.iter().map(|o| o.path.clone()).collect();
    true
}

/// The load-time check (the standalone's constructor, `ffi::load_guard`):
/// `self_addr` is any address inside this library.
pub fn at_load(self_addr: usize) {
    // Names only first: the common case (no real OpenSSL) reads no symbols.
    let names = loaded::objects(self_addr, false);
    if assess(&names) == Finding::Alone || !first_look(&names) {
        return;
    }
    let all = loaded::objects(self_addr, true);
    crate::logging::init();
    match assess(&all) {
        Finding::Alone => {}
        Finding::Shadowed(real) => log::info!(
            "loaded ahead of OpenSSL's {}; every function the program imports from it is ours",
            real.join("/")
        ),
        Finding::Mixed(real, lacking) => {
            let me = all.iter().find(|o| o.is_self).map(|o| o.path.clone());
            let dropin = me.and_then(|p| dropin_beside(Path::new(&p)));
            let allowed = allowed();
            // Once: the second check repeats the first when it was allowed.
            static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
            if SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            eprintln!("{}", message(&real, &lacking, dropin.as_deref(), allowed));
            if !allowed {
                loaded::exit_now(EXIT_MIXED);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(soname: &str, is_self: bool, imports: &[(&str, &str)], exports: &[&str]) -> Object {
        Object {
            path: format!("/lib/{soname}"),
            soname: (!soname.is_empty()).then(|| soname.to_owned()),
            is_self,
            imports: imports
                .iter()
                .map(|(n, f)| (n.to_string(), (!f.is_empty()).then(|| f.to_string())))
                .collect(),
            exports: exports.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn program(imports: &[(&str, &str)]) -> Object {
        obj("", false, imports, &[])
    }

    fn me() -> Object {
        obj("libsslshim.so", true, &[], &["SSL_CTX_new", "BIO_new"])
    }

    fn real_ssl() -> Object {
        obj(
            "libssl.so.3",
            false,
            &[("EVP_sha256", "libcrypto.so.3")],
            &[],
        )
    }

    #[test]
    fn alone_without_openssl() {
        let p = program(&[("SSL_CTX_new", "")]);
        assert_eq!(assess(&[p, me()]), Finding::Alone);
    }

    #[test]
    fn every_import_ours_is_shadowed_not_mixed() {
        let p = program(&[
            ("SSL_CTX_new", "libssl.so.3"),
            ("BIO_new", "libcrypto.so.3"),
        ]);
        let got = assess(&[p, me(), real_ssl(), obj("libcrypto.so.3", false, &[], &[])]);
        assert_eq!(
            got,
            Finding::Shadowed(vec!["libssl.so.3".into(), "libcrypto.so.3".into()])
        );
    }

    #[test]
    fn an_import_we_lack_is_mixed() {
        let p = program(&[
            ("SSL_CTX_new", "libssl.so.3"),
            ("SSL_CTX_get_cert_store", "libssl.so.3"),
            ("malloc", "libc.so.6"),
        ]);
        // A library the program loads counts as the program does.
        let l = obj(
            "libfoo.so.1",
            false,
            &[("X509_STORE_add_cert", "libcrypto.so.3")],
            &[],
        );
        let got = assess(&[
            p,
            me(),
            real_ssl(),
            l,
            obj("libcrypto.so.3", false, &[], &[]),
        ]);
        let want = vec![
            "SSL_CTX_get_cert_store".to_owned(),
            "X509_STORE_add_cert".into(),
        ];
        assert_eq!(
            got,
            Finding::Mixed(vec!["libssl.so.3".into(), "libcrypto.so.3".into()], want)
        );
    }

    /// Loaded after OpenSSL (dlopen()ed), we shadow nothing: not a mix.
    #[test]
    fn loaded_after_openssl_is_alone() {
        let p = program(&[("SSL_CTX_get_cert_store", "libssl.so.3")]);
        assert_eq!(assess(&[p, real_ssl(), me()]), Finding::Alone);
    }

    /// The real libraries' own imports (libssl's from libcrypto) are theirs.
    #[test]
    fn the_real_libraries_imports_do_not_count() {
        let p = program(&[("SSL_CTX_new", "libssl.so.3")]);
        assert!(matches!(
            assess(&[p, me(), real_ssl()]),
            Finding::Shadowed(_)
        ));
    }

    /// The drop-in beside the standalone, installed or built; none when
    /// absent.
    #[test]
    fn finds_the_dropin_beside() {
        let root = std::env::temp_dir().join(format!("sslshim-guard-{}", std::process::id()));
        let lib = root.join("lib");
        std::fs::create_dir_all(lib.join("sslshim")).unwrap();
        std::fs::create_dir_all(root.join("dropin")).unwrap();
        let me = lib.join("libsslshim.so");
        std::fs::write(&me, b"").unwrap();
        assert_eq!(dropin_beside(&me), None);
        std::fs::write(root.join("dropin/libssl.so.3"), b"").unwrap();
        let built = std::fs::canonicalize(root.join("dropin/libssl.so.3")).unwrap();
        assert_eq!(dropin_beside(&me), Some(built));
        std::fs::write(lib.join("sslshim/libssl.so.3"), b"").unwrap();
        let installed = std::fs::canonicalize(lib.join("sslshim/libssl.so.3")).unwrap();
        assert_eq!(dropin_beside(&me), Some(installed));
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// Symbols are read again only when the loaded objects changed: a
    /// module dlopen()ed between the two checks, not the same list twice.
    #[test]
    fn symbols_read_again_only_for_new_objects() {
        let objects = || vec![program(&[]), me(), obj("libssl.so.3", false, &[], &[])];
        let at_load = objects();
        assert!(first_look(&at_load));
        assert!(!first_look(&objects()));
        let mut later = objects();
        later.push(obj("_ssl.so", false, &[], &[]));
        assert!(first_look(&later));
        assert!(!first_look(&later));
    }

    #[test]
    fn message_is_one_line_naming_what_to_use() {
        let lacking: Vec<String> = ["A", "B", "C", "D", "E"].map(String::from).into();
        let real = vec!["libssl.so.3".to_owned()];
        let m = message(&real, &lacking, Some(Path::new("/x/libssl.so.3")), false);
        assert!(!m.contains('\n'));
        assert!(m.contains("(A, B, C and 2 more)"), "{m}");
        assert!(m.contains("LD_PRELOAD=/x/libssl.so.3"), "{m}");
        assert!(m.contains("sslshim-run PROGRAM"), "{m}");
        assert!(m.contains(&format!("exit {EXIT_MIXED}")), "{m}");
        let m = message(&real, &lacking[..1], None, true);
        assert!(m.contains("(A)") && m.contains("continuing"), "{m}");
    }
}
