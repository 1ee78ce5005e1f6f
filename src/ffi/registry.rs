//! The entry point registry: one record per `#[entry]` function, in the
//! built library's `sslshim_registry` section (written by the attribute,
//! macros/src/lib.rs), so what each flavour implements is read from the
//! library itself, never from source text: `sslshim-check` (cli/src/status.rs)
//! and docs/COVERAGE.md read it, and the drop-in's clean-failure stubs stand
//! only where no record's function was linked (tools/build_dropin.rs).
//!
//! A record is one line, `NAME\tSTATUS\tNOTE\tFILE:LINE\n`: STATUS is
//! `implemented` or `fails-cleanly`; NOTE is the reason a function fails
//! cleanly or `limitation: text`, often empty. Records sit back to back in
//! no particular order; a flavour holds only the functions it exports.

/// The section's bytes for one record (`const`: the record is static data,
/// built at compile time).
pub const fn record<const N: usize>(text: &str) -> [u8; N] {
    let bytes = text.as_bytes();
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = bytes[i];
        i += 1;
    }
    out
}
