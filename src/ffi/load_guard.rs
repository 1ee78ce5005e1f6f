//! The standalone flavour's constructor: the wrong-flavour check
//! (`crate::guard`) when the library is loaded, before the program's
//! `main`. Not an OpenSSL function: nothing is exported.

/// Run by the loader once this library and everything loaded with it is
/// mapped (the `.init_array` entry below).
extern "C" fn at_load() {
    if !crate::flavour::GUARD_AGAINST_OPENSSL {
        return;
    }
    // A panic must not unwind into the loader; the guard then says nothing.
    let _ = std::panic::catch_unwind(|| crate::guard::at_load(at_load as *const () as usize));
}

/// The check again, for OpenSSL's libraries a module dlopen()ed since the
/// load brought in (Python's `_ssl` under a preloaded standalone): at the
/// first `SSL_CTX_new`, and at the first `OBJ_*` call, which is where such
/// a module first reaches a function the standalone shares with libcrypto
/// (Python's `import ssl` resolves its object names before making any
/// context). Once per process; free after that.
pub(super) fn recheck_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if crate::flavour::GUARD_AGAINST_OPENSSL {
        ONCE.call_once(|| at_load());
    }
}

/// `.init_array`: the loader calls each entry at load time (what C's
/// `__attribute__((constructor))` makes).
#[used]
#[unsafe(link_section = ".init_array")]
static AT_LOAD: extern "C" fn() = at_load;
