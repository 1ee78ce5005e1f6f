//! Key-exchange groups by OpenSSL's names (`SSL_CTX_set1_groups_list`).

use rustls::crypto::SupportedKxGroup;
use rustls::crypto::aws_lc_rs::kx_group;

/// The rustls group for one OpenSSL group name (case-insensitive, as
/// OpenSSL matches curve names).
pub fn by_name(name: &str) -> Option<&'static dyn SupportedKxGroup> {
    let n = name.to_ascii_lowercase();
    Some(match n.as_str() {
        "x25519" => kx_group::X25519,
        "p-256" | "prime256v1" | "secp256r1" => kx_group::SECP256R1,
        "p-384" | "secp384r1" => kx_group::SECP384R1,
        "x25519mlkem768" => kx_group::X25519MLKEM768,
        "secp256r1mlkem768" => kx_group::SECP256R1MLKEM768,
        "mlkem768" => kx_group::MLKEM768,
        "mlkem1024" => kx_group::MLKEM1024,
        _ => return None,
    })
}

/// Parses a colon-separated list; `None` if any name is unknown or the list
/// is empty (OpenSSL fails the whole call then).
pub fn parse_list(list: &str) -> Option<Vec<&'static dyn SupportedKxGroup>> {
    let mut out: Vec<&'static dyn SupportedKxGroup> = Vec::new();
    for name in list.split(':') {
        let g = by_name(name)?;
        if !out.iter().any(|o| o.name() == g.name()) {
            out.push(g);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The default: rustls's (post-quantum hybrid first, then X25519, P-256,
/// P-384), a superset of what an OpenSSL 3.0 peer negotiates.
pub fn defaults() -> Vec<&'static dyn SupportedKxGroup> {
    rustls::crypto::aws_lc_rs::DEFAULT_KX_GROUPS.to_vec()
}

/// OpenSSL's NID for a negotiated group (`SSL_get_negotiated_group`).
pub fn nid(group: rustls::NamedGroup) -> i32 {
    match group {
        rustls::NamedGroup::X25519 => 1034,                 // NID_X25519
        rustls::NamedGroup::secp256r1 => 415,               // NID_X9_62_prime256v1
        rustls::NamedGroup::secp384r1 => 715,               // NID_secp384r1
        other => i32::from(u16::from(other)) | 0x0100_0000, // TLSEXT_nid_unknown
    }
}
