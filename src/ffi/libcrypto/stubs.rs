//! Clean-failure stubs for every libssl 3 function the drop-in flavour does
//! not implement. build.rs (tools/build_dropin.rs) compiles one weak C stub
//! per name of tools/libssl3.symbols into the library; an `#[entry]` function
//! of the same name replaces it at link time, so only the names nothing
//! implements keep theirs. A stub calls `sslshim_stub_called` here: the
//! program gets an error return and an entry on libcrypto's error queue
//! naming the function, never a fall-through to the real libssl.
//!
//! ABI: every stub is C `long NAME(void)`. On x86_64 SysV the caller
//! owns argument registers and the stack and cleans up after the call, so a
//! callee that ignores its arguments is safe whatever the real prototype
//! takes; the return travels in rax, so 0 is NULL for pointer returns, 0 for
//! int/long/size_t returns (the upper half is ignored by callers of 32-bit
//! returns), and is ignored by callers of void functions. libssl 3 has no
//! function returning a struct by value (that would need the hidden result
//! pointer) or a float/double (xmm0); `tools/libssl3.symbols` is checked
//! for those in docs/DROPIN.md. Functions whose failure value is not 0 get
//! theirs from build.rs's STUB_RETURNS.

use crate::abi::{ERR_LIB_SSL, ERR_R_UNSUPPORTED};
use std::ffi::CStr;
use std::os::raw::{c_char, c_long};

/// Raises "not implemented" for `func` on libcrypto's queue.
pub fn not_implemented(func: &'static str) {
    log::info!("{func}: not implemented in the drop-in flavour (fails cleanly)");
    crate::err::raise_data(
        ERR_LIB_SSL,
        ERR_R_UNSUPPORTED,
        func,
        file!(),
        line!(),
        format!("{func} is not implemented by sslshim"),
    );
}

/// What every stub does: queue the error, return its failure value.
/// Not an `#[entry]`: it is no OpenSSL function, and the version script
/// keeps it out of the library's exports.
///
/// # Safety
/// `name` is NULL or a NUL-terminated string that lives as long as the
/// library (the stubs pass their names' string literals).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslshim_stub_called(name: *const c_char, failure: c_long) -> c_long {
    super::super::handle::guard("sslshim_stub_called", failure, || {
        if name.is_null() {
            return failure;
        }
        // SAFETY: `name` is a string literal of the stub object linked into
        // this library (`#name` in dropin_stubs.c): NUL-terminated, and alive
        // as long as the library, hence 'static.
        let name: &'static CStr = unsafe { CStr::from_ptr(name) };
        not_implemented(name.to_str().unwrap_or("SSL_function"));
        failure
    })
}
