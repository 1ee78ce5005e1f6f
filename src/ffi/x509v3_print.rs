//! `X509V3_EXT_print` of the standalone flavour (x509v3.h): an
//! extension's value as OpenSSL's method for it prints it
//! (`x509::ext_print`). The drop-in flavour's is libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_int, c_ulong};

use super::handle;
use super::objects::Stream;
use super::pem_io::write_bytes;
use super::x509_ext::X509Extension;
use crate::abi::{X509V3_EXT_ERROR_UNKNOWN, X509V3_EXT_UNKNOWN_MASK};
use crate::bio::Bio;
use crate::x509::ext_print;

/// 1 when the value was printed; for an extension without a method (or
/// one whose value does not decode) 0 and nothing written, so the caller
/// prints the raw value instead, unless `flag` asks for OpenSSL's
/// "<Not Supported>"/"<Parse Error>" marks.
#[entry(
    limitation = "prints basicConstraints, keyUsage, extendedKeyUsage, subject/issuerAltName, subject/authorityKeyIdentifier, authorityInfoAccess, crlDistributionPoints (full names, CRL issuer), certificatePolicies (CPS qualifiers), the Netscape strings, CT SCT lists (no log names) and the precertificate poison; other extensions (and user notices, reasons, relative names) are treated as unknown (0, or <Not Supported> with X509V3_EXT_ERROR_UNKNOWN); X509V3_EXT_PARSE_UNKNOWN and X509V3_EXT_DUMP_UNKNOWN print nothing"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509V3_EXT_print(
    out: *mut Bio,
    ext: *mut X509Extension,
    flag: c_ulong,
    indent: c_int,
) -> c_int {
    let Some(e) = handle::borrow(ext) else {
        return 0;
    };
    let indent = usize::try_from(indent).unwrap_or(0);
    match ext_print::print(&e.object().oid, e.value(), indent) {
        Some(text) => c_int::from(write_bytes(Stream::Bio(out.cast()), text.as_bytes())),
        None if flag & X509V3_EXT_UNKNOWN_MASK == X509V3_EXT_ERROR_UNKNOWN => {
            let mark = if ext_print::has_method(&e.object().oid) {
                "<Parse Error>"
            } else {
                "<Not Supported>"
            };
            let text = format!("{:indent$}{mark}", "");
            write_bytes(Stream::Bio(out.cast()), text.as_bytes());
            1
        }
        None => 0,
    }
}
