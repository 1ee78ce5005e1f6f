//! Key-exchange groups by OpenSSL's names (`SSL_CTX_set1_groups_list`).

use crate::abi::*;
use rustls::crypto::SupportedKxGroup;
use rustls::crypto::aws_lc_rs::kx_group;
use std::ffi::CStr;

/// What OpenSSL 3.0 calls a name: one we can use, one it knows and rustls
/// lacks, or nothing.
enum Name {
    Usable(&'static dyn SupportedKxGroup),
    Unsupported,
}

/// The rustls group for one OpenSSL group name. Case matters as in
/// OpenSSL 3.0 (its TLS and curve names, and the NIST aliases), except for
/// the post-quantum hybrids, named as OpenSSL 3.5 names them.
fn by_name(name: &str) -> Option<Name> {
    Some(Name::Usable(match name {
        "x25519" | "X25519" => kx_group::X25519,
        "P-256" | "prime256v1" | "secp256r1" => kx_group::SECP256R1,
        "P-384" | "secp384r1" => kx_group::SECP384R1,
        _ => match name.to_ascii_lowercase().as_str() {
            "x25519mlkem768" => kx_group::X25519MLKEM768,
            "secp256r1mlkem768" => kx_group::SECP256R1MLKEM768,
            "mlkem768" => kx_group::MLKEM768,
            "mlkem1024" => kx_group::MLKEM1024,
            _ => return unsupported(name).then_some(Name::Unsupported),
        },
    }))
}

/// Groups OpenSSL 3.0 accepts that the aws-lc-rs provider does not offer.
fn unsupported(name: &str) -> bool {
    matches!(
        name,
        "x448"
            | "X448"
            | "P-521"
            | "secp521r1"
            | "P-224"
            | "secp224r1"
            | "ffdhe2048"
            | "ffdhe3072"
            | "ffdhe4096"
            | "ffdhe6144"
            | "ffdhe8192"
            | "brainpoolP256r1"
            | "brainpoolP384r1"
            | "brainpoolP512r1"
    )
}

/// The name of the TLS group OpenSSL 3.0 knows by `nid` (what
/// `SSL_CTX_set1_groups` takes), `None` for any other NID. Names rustls
/// lacks are among them: `parse_list` skips those.
#[allow(non_upper_case_globals)] // OpenSSL's NID names in the patterns
pub fn name_for_nid(nid: i32) -> Option<&'static str> {
    Some(match nid {
        NID_X9_62_prime256v1 => "P-256",
        NID_secp384r1 => "P-384",
        NID_secp521r1 => "P-521",
        NID_secp224r1 => "P-224",
        NID_X25519 => "X25519",
        NID_X448 => "X448",
        NID_ffdhe2048 => "ffdhe2048",
        NID_ffdhe3072 => "ffdhe3072",
        NID_ffdhe4096 => "ffdhe4096",
        NID_ffdhe6144 => "ffdhe6144",
        NID_ffdhe8192 => "ffdhe8192",
        NID_brainpoolP256r1 => "brainpoolP256r1",
        NID_brainpoolP384r1 => "brainpoolP384r1",
        NID_brainpoolP512r1 => "brainpoolP512r1",
        _ => return None,
    })
}

/// `SSL_group_to_name`: the group's TLS name as OpenSSL 3.0 spells it
/// (`x25519`, `secp256r1`...), for a NID or for `TLSEXT_nid_unknown | id`
/// (how `SSL_get_negotiated_group` reports a group without a NID, such as
/// the ML-KEM hybrids rustls negotiates); `None` for anything else.
#[allow(non_upper_case_globals)] // OpenSSL's NID names
pub fn tls_name(nid: i32) -> Option<&'static CStr> {
    const NID_UNKNOWN: i32 = 0x0100_0000; // TLSEXT_nid_unknown
    Some(match nid {
        NID_X9_62_prime256v1 => c"secp256r1",
        NID_secp384r1 => c"secp384r1",
        NID_secp521r1 => c"secp521r1",
        NID_secp224r1 => c"secp224r1",
        NID_X25519 => c"x25519",
        NID_X448 => c"x448",
        NID_ffdhe2048 => c"ffdhe2048",
        NID_ffdhe3072 => c"ffdhe3072",
        NID_ffdhe4096 => c"ffdhe4096",
        NID_ffdhe6144 => c"ffdhe6144",
        NID_ffdhe8192 => c"ffdhe8192",
        NID_brainpoolP256r1 => c"brainpoolP256r1",
        NID_brainpoolP384r1 => c"brainpoolP384r1",
        NID_brainpoolP512r1 => c"brainpoolP512r1",
        n if n & NID_UNKNOWN == NID_UNKNOWN => match n & 0xffff {
            0x11ec => c"X25519MLKEM768",
            0x11eb => c"SecP256r1MLKEM768",
            0x11ed => c"SecP384r1MLKEM1024",
            0x0200 => c"MLKEM512",
            0x0201 => c"MLKEM768",
            0x0202 => c"MLKEM1024",
            _ => return None,
        },
        _ => return None,
    })
}

/// `SSL_CTX_set1_groups`' NID list, as OpenSSL's `tls1_set_groups` takes
/// it: `None` for a NID it has no group for or a repeated one; else the
/// names, parsed as a list (the groups rustls lacks skipped beside a usable
/// one).
pub fn parse_nids(
    nids: &[i32],
) -> Option<Result<Vec<&'static dyn SupportedKxGroup>, GroupListError>> {
    let mut names: Vec<&str> = Vec::with_capacity(nids.len());
    for nid in nids {
        match name_for_nid(*nid) {
            Some(name) if !names.contains(&name) => names.push(name),
            _ => return None,
        }
    }
    Some(parse_list(&names.join(":")))
}

/// Why a list was refused: OpenSSL raises an error for an unknown name and
/// fails silently on an empty element.
#[derive(Debug, PartialEq, Eq)]
pub enum GroupListError {
    Unknown,
    Empty,
}

/// Parses a colon-separated list. Names OpenSSL knows but rustls lacks
/// (X448, P-521, ffdhe*) are skipped; a list left with none we can use is
/// refused as unknown, since it could never negotiate.
pub fn parse_list(list: &str) -> Result<Vec<&'static dyn SupportedKxGroup>, GroupListError> {
    let mut out: Vec<&'static dyn SupportedKxGroup> = Vec::new();
    for name in list.split(':') {
        if name.is_empty() {
            return Err(GroupListError::Empty);
        }
        match by_name(name).ok_or(GroupListError::Unknown)? {
            Name::Usable(g) => {
                if !out.iter().any(|o| o.name() == g.name()) {
                    out.push(g);
                }
            }
            Name::Unsupported => log::debug!("group {name}: not offered by rustls, skipped"),
        }
    }
    if out.is_empty() {
        return Err(GroupListError::Unknown);
    }
    Ok(out)
}

/// The default: rustls's (post-quantum hybrid first, then X25519, P-256,
/// P-384), a superset of what an OpenSSL 3.0 peer negotiates.
pub fn defaults() -> Vec<&'static dyn SupportedKxGroup> {
    rustls::crypto::aws_lc_rs::DEFAULT_KX_GROUPS.to_vec()
}

/// OpenSSL's NID for a negotiated group (`SSL_get_negotiated_group`); a
/// group without one (the ML-KEM hybrids) is `TLSEXT_nid_unknown | id`, as
/// OpenSSL reports groups it has no NID for.
pub fn nid(group: rustls::NamedGroup) -> i32 {
    match group {
        rustls::NamedGroup::X25519 => NID_X25519,
        rustls::NamedGroup::secp256r1 => NID_X9_62_prime256v1,
        rustls::NamedGroup::secp384r1 => NID_secp384r1,
        other => i32::from(u16::from(other)) | 0x0100_0000, // TLSEXT_nid_unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nids_name_groups() {
        let names: Vec<_> = [NID_X25519, NID_X448, NID_secp521r1, NID_X9_62_prime256v1]
            .iter()
            .map(|n| name_for_nid(*n).unwrap())
            .collect();
        assert_eq!(parse_list(&names.join(":")).map(|v| v.len()), Ok(2));
        assert_eq!(name_for_nid(NID_sha256), None);
        assert_eq!(tls_name(NID_X25519), Some(c"x25519"));
        assert_eq!(
            tls_name(nid(rustls::NamedGroup::X25519MLKEM768)),
            Some(c"X25519MLKEM768")
        );
        assert_eq!(tls_name(NID_sha256), None);
        assert!(parse_nids(&[NID_X25519, NID_X25519]).is_none());
        assert!(parse_nids(&[NID_X25519, NID_sha256]).is_none());
        assert_eq!(
            parse_nids(&[NID_X448, NID_secp384r1]).map(|r| r.map(|v| v.len())),
            Some(Ok(1))
        );
        assert_eq!(
            parse_list(name_for_nid(NID_X448).unwrap()).err(),
            Some(GroupListError::Unknown)
        );
    }

    #[test]
    fn openssl_names() {
        assert_eq!(parse_list("X25519:P-256").map(|v| v.len()), Ok(2));
        assert_eq!(
            parse_list("x25519:prime256v1:secp384r1").map(|v| v.len()),
            Ok(3)
        );
        assert_eq!(parse_list("X448:X25519").map(|v| v.len()), Ok(1));
        assert_eq!(parse_list("p-256").err(), Some(GroupListError::Unknown));
        assert_eq!(
            parse_list("X25519,P-256").err(),
            Some(GroupListError::Unknown)
        );
        assert_eq!(parse_list("").err(), Some(GroupListError::Empty));
        assert_eq!(
            parse_list("X25519::P-256").err(),
            Some(GroupListError::Empty)
        );
        assert_eq!(nid(rustls::NamedGroup::X25519MLKEM768), 0x0100_11ec);
    }
}
