//! `#[entry]`: the one attribute that declares an sslshim `extern "C"`
//! entry point (docs/ARCHITECTURE.md, "Adding an entry point").
//!
//! ```ignore
//! #[entry(fail = -1)]
//! #[unsafe(no_mangle)]
//! pub extern "C" fn SSL_get_fd(s: *const Ssl) -> c_int { ... }
//! ```
//!
//! `#[unsafe(no_mangle)]` stays written under the attribute only so cbindgen,
//! which reads the source, still sees the prototype; the attribute replaces
//! it with the export each flavour needs. From the function alone it
//! generates:
//!
//! - **the export.** A libssl 3 function (a name in tools/libssl3.symbols)
//!   is exported by both flavours. Any other name (our BIO_/ERR_/X509_...
//!   objects) is exported by the standalone flavour only: in the drop-in
//!   flavour those are libcrypto's, so ours stays a plain Rust function.
//!   `standalone_only` also keeps a libssl 3 function out of the drop-in
//!   (where it would hand our objects to a program expecting libcrypto's).
//! - **the panic guard.** The body runs under `ffi::handle::guard`: a panic
//!   becomes `FAIL` and an ERR_R_INTERNAL_ERROR entry naming the function.
//! - **`FUNC` and `FAIL`**, constants the body uses for error entries and
//!   error returns: the function's name, and its failure value (`fail =`, or
//!   derived from the return type by `ffi::handle::Fail`: NULL, 0, nothing).
//! - **the safety contract** of an `unsafe extern "C" fn` (its doc).
//! - **its registry record**, in the library's `sslshim_registry` section:
//!   name, coverage status (`implemented`, or `fails_cleanly = "reason"`,
//!   with `limitation = "text"` as a note; `absent = "answer"` for a
//!   function of a feature rustls lacks, with OpenSSL's answer when the
//!   feature is unused; `standalone_fails_cleanly` and
//!   `standalone_limitation` for an entry whose drop-in side, through
//!   `ffi::objects::Flavour`, does all of it), source file and line.
//!   `sslshim-check` and docs/COVERAGE.md read it from the built library
//!   (src/ffi/registry.rs has the format); the drop-in's stubs are the
//!   libssl names no record's function took.
//!
//! No allocation and no lock is added per call: the constants are
//! compile-time, the record is static data, the guard is what every entry
//! point had.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{Attribute, Expr, ItemFn, LitStr, ReturnType, parse_macro_input};

/// libssl 3's exports, one "NAME NODE" per line. include_str! makes the
/// compiler rebuild this crate (and re-expand every entry) when it changes.
const LIBSSL3: &str = include_str!("../../tools/libssl3.symbols");

fn in_libssl3(name: &str) -> bool {
    LIBSSL3
        .lines()
        .any(|l| l.split_whitespace().next() == Some(name))
}

#[derive(Default)]
struct Args {
    fail: Option<Expr>,
    fails_cleanly: Option<LitStr>,
    limitation: Option<LitStr>,
    /// `absent = "answer"`: a function of a feature rustls lacks, which
    /// answers as OpenSSL does when the feature is unused (the answer is
    /// the coverage note).
    absent: Option<LitStr>,
    standalone_fails_cleanly: Option<LitStr>,
    standalone_limitation: Option<LitStr>,
    standalone_only: bool,
}

#[proc_macro_attribute]
pub fn entry(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut args = Args::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("fail") {
            args.fail = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("fails_cleanly") {
            args.fails_cleanly = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("limitation") {
            args.limitation = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("standalone_fails_cleanly") {
            args.standalone_fails_cleanly = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("absent") {
            args.absent = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("standalone_limitation") {
            args.standalone_limitation = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("standalone_only") {
            args.standalone_only = true;
        } else {
            return Err(meta.error(
                "#[entry] takes fail = EXPR, fails_cleanly = \"reason\", \
                 limitation = \"text\", absent = \"answer\" (standalone_fails_cleanly, \
                 standalone_limitation: the standalone flavour only), standalone_only",
            ));
        }
        Ok(())
    });
    parse_macro_input!(attr with parser);
    let f = parse_macro_input!(item as ItemFn);
    expand(args, f)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn is_no_mangle(a: &Attribute) -> bool {
    let text = quote!(#a).to_string().replace(' ', "");
    text == "#[no_mangle]" || text == "#[unsafe(no_mangle)]"
}

fn expand(mut args: Args, mut f: ItemFn) -> syn::Result<Tokens> {
    let ident = f.sig.ident.clone();
    let name = ident.to_string();
    let c_abi = f
        .sig
        .abi
        .as_ref()
        .and_then(|a| a.name.as_ref())
        .is_some_and(|n| n.value() == "C");
    if !c_abi {
        return Err(syn::Error::new_spanned(
            &f.sig,
            "#[entry] declares an extern \"C\" fn",
        ));
    }
    let before = f.attrs.len();
    f.attrs.retain(|a| !is_no_mangle(a));
    if f.attrs.len() == before {
        return Err(syn::Error::new_spanned(
            &f.sig.ident,
            "write #[unsafe(no_mangle)] under #[entry]: cbindgen reads it to emit the prototype",
        ));
    }
    let absent = args.absent.is_some();
    if absent && (args.fails_cleanly.is_some() || args.limitation.is_some()) {
        return Err(syn::Error::new_spanned(
            &f.sig.ident,
            "absent = \"answer\" is the entry's whole coverage status",
        ));
    }
    if absent {
        args.limitation = args.absent.take();
    }
    let both = (&args.fails_cleanly, &args.limitation);
    let standalone = (&args.standalone_fails_cleanly, &args.standalone_limitation);
    if both.0.is_some() && both.1.is_some() || standalone.0.is_some() && standalone.1.is_some() {
        return Err(syn::Error::new_spanned(
            &f.sig.ident,
            "an entry fails cleanly or has a limitation, not both",
        ));
    }
    let split = standalone.0.is_some() || standalone.1.is_some();
    if split && (both.0.is_some() || both.1.is_some()) {
        return Err(syn::Error::new_spanned(
            &f.sig.ident,
            "standalone_* statuses are for an entry whose drop-in side is fully implemented",
        ));
    }

    let dropin_exports = in_libssl3(&name) && !args.standalone_only;
    let export = if dropin_exports {
        quote!(#[unsafe(no_mangle)])
    } else {
        quote!(#[cfg_attr(not(feature = "dropin"), unsafe(no_mangle))])
    };

    let ret = match &f.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, t) => quote!(#t),
    };
    let fail = match &args.fail {
        Some(e) => quote!(#e),
        None => quote!(<#ret as crate::ffi::handle::Fail>::FAIL),
    };

    let line = ident.span().unwrap().line().to_string();
    let record = |(fails, limited): (&Option<LitStr>, &Option<LitStr>), cfg: Tokens| {
        let (status, note) = match (fails, limited) {
            (Some(r), _) => ("fails-cleanly", r.value()),
            (None, Some(t)) if absent => ("implemented", format!("absent feature: {}", t.value())),
            (None, Some(t)) => ("implemented", format!("limitation: {}", t.value())),
            (None, None) => ("implemented", String::new()),
        };
        if note.contains(['\t', '\n']) {
            return Err(syn::Error::new_spanned(
                &ident,
                "coverage text is one line without tabs",
            ));
        }
        Ok(quote! {
            #cfg
            const SSLSHIM_TEXT: &str = concat!(
                #name, "\t", #status, "\t", #note, "\t", file!(), ":", #line, "\n"
            );
            #cfg
            #[used]
            #[unsafe(link_section = "sslshim_registry")]
            static SSLSHIM_RECORD: [u8; SSLSHIM_TEXT.len()] =
                crate::ffi::registry::record(SSLSHIM_TEXT);
        })
    };
    let records = match (split, dropin_exports) {
        (false, true) => record(both, quote!())?,
        (false, false) | (true, false) => record(
            if split { standalone } else { both },
            quote!(#[cfg(not(feature = "dropin"))]),
        )?,
        (true, true) => {
            let a = record(standalone, quote!(#[cfg(not(feature = "dropin"))]))?;
            let b = record((&None, &None), quote!(#[cfg(feature = "dropin")]))?;
            quote!(#a #b)
        }
    };

    let safety = if f.sig.unsafety.is_some() && !has_safety_doc(&f.attrs) {
        quote! {
            #[doc = ""]
            #[doc = "# Safety"]
            #[doc = "Pointer arguments are NULL or valid as OpenSSL's prototype and manual require."]
        }
    } else {
        quote!()
    };

    let attrs = &f.attrs;
    let vis = &f.vis;
    let sig = &f.sig;
    let body = &f.block;
    Ok(quote! {
        #(#attrs)*
        #safety
        #export
        #[allow(non_snake_case)]
        #vis #sig {
            #records
            #[allow(dead_code)]
            const FUNC: &str = #name;
            #[allow(dead_code)]
            const FAIL: #ret = #fail;
            crate::ffi::handle::guard(FUNC, FAIL, move || #body)
        }
    })
}

fn has_safety_doc(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("doc") && quote!(#a).to_string().contains("# Safety"))
}
