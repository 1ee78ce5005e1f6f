//! Key-exchange groups by OpenSSL's names (`SSL_CTX_set1_groups_list`) and
//! NIDs (`SSL_CTX_set1_groups`).
//!
//! OpenSSL 3.0 accepts every group its default provider knows, whether or
//! not the handshake can then use it; rustls (aws-lc-rs) offers only some
//! of them (P-521 is ours: `p521`). The known ones we lack are accepted
//! and skipped, so a list
//! such as Postfix's "X25519:X448:prime256v1:secp521r1:secp384r1" is set
//! as OpenSSL sets it and offers what rustls has. A list left with none is
//! accepted too, as OpenSSL accepts lists its handshakes then cannot use
//! (only TLS 1.2 curves for a TLS 1.3 client): its handshakes fail the way
//! OpenSSL's fail then (`ssl::reject`).

use crate::abi::*;
use rustls::crypto::SupportedKxGroup;
use rustls::crypto::aws_lc_rs::ALL_KX_GROUPS;
use std::ffi::CStr;

/// One group of OpenSSL 3.0's table: its TLS code point, its NID, the
/// names `SSL_CTX_set1_groups_list` takes for it (the provider's TLS name
/// and internal name, and the NIST aliases; case matters), and the name
/// `SSL_group_to_name` gives.
struct Group {
    id: u16,
    nid: i32,
    names: &'static [&'static str],
    tls_name: Option<&'static CStr>,
}

const fn g(id: u16, nid: i32, names: &'static [&'static str], tls_name: &'static CStr) -> Group {
    Group {
        id,
        nid,
        names,
        tls_name: Some(tls_name),
    }
}

/// The GOST curves: OpenSSL 3.0's NID table has them (`tls1_nid2group_id`),
/// but no provider it ships names them, so only the NID form takes them.
const fn gost(id: u16, nid: i32) -> Group {
    Group {
        id,
        nid,
        names: &[],
        tls_name: None,
    }
}

/// OpenSSL 3.0's groups (ssl/t1_lib.c `nid_to_group`, the default
/// provider's TLS-GROUP capability).
static GROUPS: &[Group] = &[
    g(1, NID_sect163k1, &["sect163k1", "K-163"], c"sect163k1"),
    g(2, NID_sect163r1, &["sect163r1"], c"sect163r1"),
    g(3, NID_sect163r2, &["sect163r2", "B-163"], c"sect163r2"),
    g(4, NID_sect193r1, &["sect193r1"], c"sect193r1"),
    g(5, NID_sect193r2, &["sect193r2"], c"sect193r2"),
    g(6, NID_sect233k1, &["sect233k1", "K-233"], c"sect233k1"),
    g(7, NID_sect233r1, &["sect233r1", "B-233"], c"sect233r1"),
    g(8, NID_sect239k1, &["sect239k1"], c"sect239k1"),
    g(9, NID_sect283k1, &["sect283k1", "K-283"], c"sect283k1"),
    g(10, NID_sect283r1, &["sect283r1", "B-283"], c"sect283r1"),
    g(11, NID_sect409k1, &["sect409k1", "K-409"], c"sect409k1"),
    g(12, NID_sect409r1, &["sect409r1", "B-409"], c"sect409r1"),
    g(13, NID_sect571k1, &["sect571k1", "K-571"], c"sect571k1"),
    g(14, NID_sect571r1, &["sect571r1", "B-571"], c"sect571r1"),
    g(15, NID_secp160k1, &["secp160k1"], c"secp160k1"),
    g(16, NID_secp160r1, &["secp160r1"], c"secp160r1"),
    g(17, NID_secp160r2, &["secp160r2"], c"secp160r2"),
    g(18, NID_secp192k1, &["secp192k1"], c"secp192k1"),
    g(
        19,
        NID_X9_62_prime192v1,
        &["secp192r1", "P-192", "prime192v1"],
        c"secp192r1",
    ),
    g(20, NID_secp224k1, &["secp224k1"], c"secp224k1"),
    g(21, NID_secp224r1, &["secp224r1", "P-224"], c"secp224r1"),
    g(22, NID_secp256k1, &["secp256k1"], c"secp256k1"),
    g(
        23,
        NID_X9_62_prime256v1,
        &["secp256r1", "P-256", "prime256v1"],
        c"secp256r1",
    ),
    g(24, NID_secp384r1, &["secp384r1", "P-384"], c"secp384r1"),
    g(25, NID_secp521r1, &["secp521r1", "P-521"], c"secp521r1"),
    g(
        26,
        NID_brainpoolP256r1,
        &["brainpoolP256r1"],
        c"brainpoolP256r1",
    ),
    g(
        27,
        NID_brainpoolP384r1,
        &["brainpoolP384r1"],
        c"brainpoolP384r1",
    ),
    g(
        28,
        NID_brainpoolP512r1,
        &["brainpoolP512r1"],
        c"brainpoolP512r1",
    ),
    g(29, NID_X25519, &["x25519", "X25519"], c"x25519"),
    g(30, NID_X448, &["x448", "X448"], c"x448"),
    gost(0x22, NID_id_tc26_gost_3410_2012_256_paramSetA),
    gost(0x23, NID_id_tc26_gost_3410_2012_256_paramSetB),
    gost(0x24, NID_id_tc26_gost_3410_2012_256_paramSetC),
    gost(0x25, NID_id_tc26_gost_3410_2012_256_paramSetD),
    gost(0x26, NID_id_tc26_gost_3410_2012_512_paramSetA),
    gost(0x27, NID_id_tc26_gost_3410_2012_512_paramSetB),
    gost(0x28, NID_id_tc26_gost_3410_2012_512_paramSetC),
    g(0x100, NID_ffdhe2048, &["ffdhe2048"], c"ffdhe2048"),
    g(0x101, NID_ffdhe3072, &["ffdhe3072"], c"ffdhe3072"),
    g(0x102, NID_ffdhe4096, &["ffdhe4096"], c"ffdhe4096"),
    g(0x103, NID_ffdhe6144, &["ffdhe6144"], c"ffdhe6144"),
    g(0x104, NID_ffdhe8192, &["ffdhe8192"], c"ffdhe8192"),
];

/// The post-quantum groups OpenSSL 3.0 does not know: those rustls has are
/// taken by the names OpenSSL 3.5 gives them, in any case, as an
/// extension; all are named by `SSL_group_to_name`.
static POST_QUANTUM: &[(u16, &str, &CStr)] = &[
    (0x11ec, "x25519mlkem768", c"X25519MLKEM768"),
    (0x11eb, "secp256r1mlkem768", c"SecP256r1MLKEM768"),
    (0x11ed, "secp384r1mlkem1024", c"SecP384r1MLKEM1024"),
    (0x0200, "mlkem512", c"MLKEM512"),
    (0x0201, "mlkem768", c"MLKEM768"),
    (0x0202, "mlkem1024", c"MLKEM1024"),
];

/// `TLSEXT_nid_unknown`: how OpenSSL reports a group by code point.
const NID_UNKNOWN: i32 = 0x0100_0000;

/// OpenSSL's `GROUP_NAME_BUFFER_LENGTH` less the terminator: a longer
/// element fails without an error entry.
const NAME_MAX: usize = 63;

/// The TLS code point of an OpenSSL group name (or of one of the
/// post-quantum extensions).
fn id_by_name(name: &[u8]) -> Option<u16> {
    if let Some(g) = GROUPS
        .iter()
        .find(|g| g.names.iter().any(|n| n.as_bytes() == name))
    {
        return Some(g.id);
    }
    let lower = name.to_ascii_lowercase();
    POST_QUANTUM
        .iter()
        .find(|(id, n, _)| n.as_bytes() == lower.as_slice() && usable(*id).is_some())
        .map(|(id, _, _)| *id)
}

/// The rustls group for a code point, `None` where rustls has none.
fn usable(id: u16) -> Option<&'static dyn SupportedKxGroup> {
    ALL_KX_GROUPS
        .iter()
        .copied()
        .chain(std::iter::once(super::p521::SECP521R1))
        .find(|g| u16::from(g.name()) == id)
}

/// Why a list was refused: OpenSSL raises an error for an unknown name;
/// an empty element, an overlong one or a repeated group fails silently.
#[derive(Debug, PartialEq, Eq)]
pub enum GroupListError {
    Unknown,
    Silent,
}

/// C's `isspace` in the C locale, as `CONF_parse_list` trims elements.
fn is_c_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s
        && is_c_space(first)
    {
        s = rest;
    }
    while let [rest @ .., last] = s
        && is_c_space(last)
    {
        s = rest;
    }
    s
}

/// The groups rustls has among `ids` (OpenSSL's order); the others are
/// skipped, leaving possibly none.
fn offered(ids: &[u16]) -> Vec<&'static dyn SupportedKxGroup> {
    let out: Vec<_> = ids.iter().filter_map(|id| usable(*id)).collect();
    if out.len() < ids.len() {
        log::debug!(
            "groups: {} of {} not offered (rustls lacks them){}",
            ids.len() - out.len(),
            ids.len(),
            if out.is_empty() {
                "; none left: handshakes will fail"
            } else {
                ""
            }
        );
    }
    out
}

/// Parses a colon-separated list as OpenSSL 3.0's `tls1_set_groups_list`
/// (`CONF_parse_list` trimming each element, then `gid_cb`), element by
/// element, the first failure deciding. The result holds the groups rustls
/// has, possibly none (see the module comment).
pub fn parse_list(list: &[u8]) -> Result<Vec<&'static dyn SupportedKxGroup>, GroupListError> {
    let mut ids: Vec<u16> = Vec::new();
    for elem in list.split(|b| *b == b':') {
        let name = trim(elem);
        if name.is_empty() || name.len() > NAME_MAX {
            return Err(GroupListError::Silent);
        }
        let id = id_by_name(name).ok_or(GroupListError::Unknown)?;
        if ids.contains(&id) {
            return Err(GroupListError::Silent);
        }
        ids.push(id);
    }
    Ok(offered(&ids))
}

/// `SSL_CTX_set1_groups`' NID list, as OpenSSL 3.0's `tls1_set_groups`
/// takes it: `None` for a NID it has no group for or a repeated one; else
/// the groups rustls has among them (possibly none).
pub fn parse_nids(nids: &[i32]) -> Option<Vec<&'static dyn SupportedKxGroup>> {
    let mut ids: Vec<u16> = Vec::with_capacity(nids.len());
    for nid in nids {
        let id = GROUPS.iter().find(|g| g.nid == *nid)?.id;
        if ids.contains(&id) {
            return None;
        }
        ids.push(id);
    }
    Some(offered(&ids))
}

/// `SSL_group_to_name`: the group's TLS name as OpenSSL 3.0 spells it
/// (`x25519`, `secp256r1`...), for a NID or for `TLSEXT_nid_unknown | id`
/// (how `SSL_get_negotiated_group` reports a group without a NID, such as
/// the ML-KEM hybrids rustls negotiates); `None` for anything else.
pub fn tls_name(nid: i32) -> Option<&'static CStr> {
    if nid & NID_UNKNOWN == NID_UNKNOWN {
        let id = (nid & 0xffff) as u16;
        return match GROUPS.iter().find(|g| g.id == id) {
            Some(g) => g.tls_name,
            None => POST_QUANTUM
                .iter()
                .find(|(i, _, _)| *i == id)
                .map(|(_, _, n)| *n),
        };
    }
    GROUPS.iter().find(|g| g.nid == nid)?.tls_name
}

/// The default, in this order: the post-quantum hybrid X25519MLKEM768
/// (whose key share carries an X25519 one too), then OpenSSL 3.0's order
/// of the groups we have (X25519, P-256, P-521, P-384: ssl/t1_lib.c's
/// `supported_groups_default` without X448; P-521 is ours, `p521`).
/// Spelled out rather than taken from rustls's `DEFAULT_KX_GROUPS`, whose
/// order rustls changes between patch releases: 0.23.48 moved P-384 ahead
/// of X25519, and a server with its own list then chose P-384.
pub fn defaults() -> Vec<&'static dyn SupportedKxGroup> {
    use rustls::crypto::aws_lc_rs::kx_group;
    vec![
        kx_group::X25519MLKEM768,
        kx_group::X25519,
        kx_group::SECP256R1,
        super::p521::SECP521R1,
        kx_group::SECP384R1,
    ]
}

/// OpenSSL's NID for a negotiated group (`SSL_get_negotiated_group`); a
/// group without one (the ML-KEM hybrids) is `TLSEXT_nid_unknown | id`, as
/// OpenSSL reports groups it has no NID for.
pub fn nid(group: rustls::NamedGroup) -> i32 {
    let id = u16::from(group);
    GROUPS
        .iter()
        .find(|g| g.id == id)
        .map_or(i32::from(id) | NID_UNKNOWN, |g| g.nid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(list: &str) -> Result<usize, GroupListError> {
        parse_list(list.as_bytes()).map(|v| v.len())
    }

    #[test]
    fn nids_name_groups() {
        let nids = [NID_X25519, NID_X448, NID_secp521r1, NID_X9_62_prime256v1];
        assert_eq!(parse_nids(&nids).map(|v| v.len()), Some(3));
        assert_eq!(tls_name(NID_X25519), Some(c"x25519"));
        assert_eq!(tls_name(NID_X9_62_prime192v1), Some(c"secp192r1"));
        assert_eq!(tls_name(NID_UNKNOWN | 29), Some(c"x25519"));
        assert_eq!(tls_name(NID_UNKNOWN | 0x100), Some(c"ffdhe2048"));
        assert_eq!(
            tls_name(nid(rustls::NamedGroup::X25519MLKEM768)),
            Some(c"X25519MLKEM768")
        );
        assert_eq!(tls_name(NID_sha256), None);
        assert_eq!(tls_name(NID_id_tc26_gost_3410_2012_256_paramSetA), None);
        assert_eq!(tls_name(NID_UNKNOWN | 0x22), None);
        assert!(parse_nids(&[NID_X25519, NID_X25519]).is_none());
        assert!(parse_nids(&[NID_X25519, NID_sha256]).is_none());
        assert_eq!(
            parse_nids(&[NID_X448, NID_secp384r1]).map(|v| v.len()),
            Some(1)
        );
        // Known to OpenSSL, none usable: accepted, nothing offered.
        assert_eq!(parse_nids(&[NID_X448]).map(|v| v.len()), Some(0));
        assert_eq!(
            parse_nids(&[NID_id_tc26_gost_3410_2012_512_paramSetC]).map(|v| v.len()),
            Some(0)
        );
        assert_eq!(nid(rustls::NamedGroup::secp384r1), NID_secp384r1);
    }

    #[test]
    fn openssl_names() {
        assert_eq!(len("X25519:P-256"), Ok(2));
        assert_eq!(len("x25519:prime256v1:secp384r1"), Ok(3));
        assert_eq!(len("X448:X25519"), Ok(1));
        assert_eq!(len("X25519:X448:secp256r1:secp521r1:secp384r1"), Ok(4));
        assert_eq!(len("X448"), Ok(0));
        assert_eq!(len("sect163k1:K-233:B-571:P-192:ffdhe8192"), Ok(0));
        assert_eq!(len("p-256"), Err(GroupListError::Unknown));
        assert_eq!(len("brainpoolp256r1"), Err(GroupListError::Unknown));
        assert_eq!(len("X25519,P-256"), Err(GroupListError::Unknown));
        assert_eq!(len(""), Err(GroupListError::Silent));
        assert_eq!(len("X25519::P-256"), Err(GroupListError::Silent));
        assert_eq!(len("X25519: :P-256"), Err(GroupListError::Silent));
        assert_eq!(len(" X25519 :\tP-256\n"), Ok(2));
        assert_eq!(len("P -256"), Err(GroupListError::Unknown));
        // The same group twice, by any of its names.
        assert_eq!(len("X25519:x25519"), Err(GroupListError::Silent));
        assert_eq!(len("P-256:prime256v1"), Err(GroupListError::Silent));
        assert_eq!(len("X448:x448"), Err(GroupListError::Silent));
        // The first failure decides.
        assert_eq!(len("X25519:X25519:bogus"), Err(GroupListError::Silent));
        assert_eq!(len("bogus:X25519:X25519"), Err(GroupListError::Unknown));
        assert_eq!(
            len(&format!("X25519:{}", "a".repeat(63))),
            Err(GroupListError::Unknown)
        );
        assert_eq!(
            len(&format!("X25519:{}", "a".repeat(64))),
            Err(GroupListError::Silent)
        );
        assert_eq!(len("X25519MLKEM768"), Ok(1));
        assert_eq!(len("mlkem512"), Err(GroupListError::Unknown));
        assert_eq!(nid(rustls::NamedGroup::X25519MLKEM768), 0x0100_11ec);
    }
}
