//! Signature algorithms: OpenSSL's names and NIDs (`SSL_CTX_set1_sigalgs_list`,
//! `SSL_get_peer_signature_nid`), and the wrappers that apply a configured
//! list to rustls and record, per connection, which scheme each side signed
//! its handshake with.
//!
//! OpenSSL's list both limits what we advertise (the verifier's
//! `supported_verify_schemes`) and what we sign with (the signing key's
//! choice among the peer's offer). Without a list rustls's defaults apply;
//! the signing choice then follows the peer's preference order, as OpenSSL's
//! does by default.

use crate::abi::*;
use crate::observe;
use crate::verify::{ClientVerifier, ServerVerifier};
use pki_types::{CertificateDer, ServerName, SubjectPublicKeyInfoDer, UnixTime};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::sign::{CertifiedKey, Signer, SigningKey};
use rustls::{
    DigitallySignedStruct, DistinguishedName, Error, PeerMisbehaved, SignatureAlgorithm,
    SignatureScheme,
};
use std::sync::Arc;

/// One row of OpenSSL 3.0's sigalg table: name, TLS code point, hash NID
/// (0 for none), signature type NID, and the combined signature-and-hash
/// NID (`SSL_get_sigalgs`' `psignhash`; 0 where OpenSSL has none: EdDSA,
/// RSA-PSS, DSA but with SHA-1 and SHA-256). In OpenSSL's order, which
/// decides what "ALG+HASH" selects.
struct Sigalg {
    name: &'static str,
    code: u16,
    hash: i32,
    sig: i32,
    sig_and_hash: i32,
}

const fn row(name: &'static str, code: u16, hash: i32, sig: i32) -> Sigalg {
    Sigalg {
        name,
        code,
        hash,
        sig,
        sig_and_hash: match code {
            0x0403 => NID_ecdsa_with_SHA256,
            0x0503 => NID_ecdsa_with_SHA384,
            0x0603 => NID_ecdsa_with_SHA512,
            0x0303 => NID_ecdsa_with_SHA224,
            0x0203 => NID_ecdsa_with_SHA1,
            0x0401 => NID_sha256WithRSAEncryption,
            0x0501 => NID_sha384WithRSAEncryption,
            0x0601 => NID_sha512WithRSAEncryption,
            0x0301 => NID_sha224WithRSAEncryption,
            0x0201 => NID_sha1WithRSAEncryption,
            0x0402 => NID_dsa_with_SHA256,
            0x0202 => NID_dsaWithSHA1,
            _ => NID_undef,
        },
    }
}

static TABLE: [Sigalg; 23] = [
    row(
        "ecdsa_secp256r1_sha256",
        0x0403,
        NID_sha256,
        NID_X9_62_id_ecPublicKey,
    ),
    row(
        "ecdsa_secp384r1_sha384",
        0x0503,
        NID_sha384,
        NID_X9_62_id_ecPublicKey,
    ),
    row(
        "ecdsa_secp521r1_sha512",
        0x0603,
        NID_sha512,
        NID_X9_62_id_ecPublicKey,
    ),
    row("ed25519", 0x0807, 0, NID_ED25519),
    row("ed448", 0x0808, 0, NID_ED448),
    row("ecdsa_sha224", 0x0303, NID_sha224, NID_X9_62_id_ecPublicKey),
    row("ecdsa_sha1", 0x0203, NID_sha1, NID_X9_62_id_ecPublicKey),
    row("rsa_pss_rsae_sha256", 0x0804, NID_sha256, NID_rsassaPss),
    row("rsa_pss_rsae_sha384", 0x0805, NID_sha384, NID_rsassaPss),
    row("rsa_pss_rsae_sha512", 0x0806, NID_sha512, NID_rsassaPss),
    row("rsa_pss_pss_sha256", 0x0809, NID_sha256, NID_rsassaPss),
    row("rsa_pss_pss_sha384", 0x080a, NID_sha384, NID_rsassaPss),
    row("rsa_pss_pss_sha512", 0x080b, NID_sha512, NID_rsassaPss),
    row("rsa_pkcs1_sha256", 0x0401, NID_sha256, NID_rsaEncryption),
    row("rsa_pkcs1_sha384", 0x0501, NID_sha384, NID_rsaEncryption),
    row("rsa_pkcs1_sha512", 0x0601, NID_sha512, NID_rsaEncryption),
    row("rsa_pkcs1_sha224", 0x0301, NID_sha224, NID_rsaEncryption),
    row("rsa_pkcs1_sha1", 0x0201, NID_sha1, NID_rsaEncryption),
    row("dsa_sha256", 0x0402, NID_sha256, NID_dsa),
    row("dsa_sha384", 0x0502, NID_sha384, NID_dsa),
    row("dsa_sha512", 0x0602, NID_sha512, NID_dsa),
    row("dsa_sha224", 0x0302, NID_sha224, NID_dsa),
    row("dsa_sha1", 0x0202, NID_sha1, NID_dsa),
];

/// OpenSSL's limit on a configured list (TLS_MAX_SIGALGCNT).
const MAX_SIGALGS: usize = 46;

/// `(hash NID, signature type NID)` of a scheme, as
/// `SSL_get_peer_signature_nid`/`_type_nid` report them.
pub fn nids(scheme: SignatureScheme) -> Option<(i32, i32)> {
    let code = u16::from(scheme);
    TABLE
        .iter()
        .find(|r| r.code == code)
        .map(|r| (r.hash, r.sig))
}

/// `SSL_get_sigalgs`' NIDs of a code point the peer offered: (signature
/// type, hash, signature and hash); all 0 (`NID_undef`) for one OpenSSL
/// 3.0 does not know.
pub fn offered_nids(code: u16) -> (i32, i32, i32) {
    TABLE
        .iter()
        .find(|r| r.code == code)
        .map_or((NID_undef, NID_undef, NID_undef), |r| {
            (r.sig, r.hash, r.sig_and_hash)
        })
}

/// A signature-type word of "ALG+HASH", else a digest name.
fn sig_or_hash(word: &str, sig: &mut i32, hash: &mut i32) {
    match word {
        "RSA" => *sig = NID_rsaEncryption,
        "RSA-PSS" | "PSS" => *sig = NID_rsassaPss,
        "DSA" => *sig = NID_dsa,
        "ECDSA" => *sig = NID_X9_62_id_ecPublicKey,
        // OpenSSL looks the digest up by short, then long name.
        "SHA1" | "sha1" => *hash = NID_sha1,
        "SHA224" | "sha224" => *hash = NID_sha224,
        "SHA256" | "sha256" => *hash = NID_sha256,
        "SHA384" | "sha384" => *hash = NID_sha384,
        "SHA512" | "sha512" => *hash = NID_sha512,
        _ => {}
    }
}

fn parse_one(elem: &str) -> Option<u16> {
    match elem.split_once('+') {
        None => TABLE.iter().find(|r| r.name == elem).map(|r| r.code),
        Some((a, b)) => {
            let (mut sig, mut hash) = (0, 0);
            sig_or_hash(a, &mut sig, &mut hash);
            sig_or_hash(b, &mut sig, &mut hash);
            if sig == 0 || hash == 0 {
                return None;
            }
            TABLE
                .iter()
                .find(|r| r.sig == sig && r.hash == hash)
                .map(|r| r.code)
        }
    }
}

/// Parses `SSL_CTX_set1_sigalgs_list`'s colon list: TLS 1.3 names
/// (`ecdsa_secp256r1_sha256`) or "ALG+HASH" (`ECDSA+SHA256`). `None` for an
/// unknown or repeated entry, as OpenSSL fails the whole call then. Names
/// OpenSSL knows and rustls cannot use (DSA, SHA-1, Ed448) are accepted and
/// simply never negotiated.
pub fn parse_list(list: &str) -> Option<Vec<SignatureScheme>> {
    let mut out: Vec<SignatureScheme> = Vec::new();
    for elem in list.split(':') {
        if out.len() == MAX_SIGALGS {
            return None;
        }
        let s = SignatureScheme::from(parse_one(elem)?);
        if out.contains(&s) {
            return None;
        }
        out.push(s);
    }
    Some(out)
}

/// `SSL_CTX_set1_sigalgs`: pairs of (hash NID, signature NID).
pub fn from_nid_pairs(pairs: &[i32]) -> Option<Vec<SignatureScheme>> {
    if !pairs.len().is_multiple_of(2) || pairs.len() / 2 > MAX_SIGALGS {
        return None;
    }
    let mut out = Vec::new();
    for p in pairs.chunks_exact(2) {
        let row = TABLE.iter().find(|r| r.hash == p[0] && r.sig == p[1])?;
        let s = SignatureScheme::from(row.code);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Some(out)
}

/// The configured list (`None`: rustls's defaults).
pub type Allowed = Option<Arc<[SignatureScheme]>>;

/// OpenSSL 3.0's default order (`tls12_sigalgs`): what it advertises
/// without a configured list, and so what a peer picks from first.
pub const DEFAULT_ORDER: [u16; 18] = [
    0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b, 0x0804, 0x0805, 0x0806, 0x0401,
    0x0501, 0x0601, 0x0303, 0x0203, 0x0301, 0x0201,
];

/// The end of OpenSSL 3.0's default list (`tls12_sigalgs`) after
/// `DEFAULT_ORDER`: DSA, which a server takes from a peer that offers it.
const DEFAULT_DSA: [u16; 5] = [0x0302, 0x0202, 0x0402, 0x0502, 0x0602];

/// OpenSSL's `sigalg_security_bits`: half the hash's bits, SHA-1 cut to
/// 64 (refused from level 1 on), EdDSA by its curve; 0 for a code OpenSSL
/// does not know.
fn security_bits(code: u16) -> u32 {
    match code {
        0x0807 => 128,
        0x0808 => 224,
        _ => {
            const BITS: [(i32, u32); 5] = [
                (NID_sha1, 64),
                (NID_sha224, 112),
                (NID_sha256, 128),
                (NID_sha384, 192),
                (NID_sha512, 256),
            ];
            let hash = offered_nids(code).1;
            BITS.iter().find(|(h, _)| *h == hash).map_or(0, |(_, b)| *b)
        }
    }
}

/// A server's shared list (OpenSSL's `tls1_set_shared_sigalgs` with
/// `tls12_shared_sigalgs`): the entries of `prefer` that OpenSSL knows,
/// that `min_bits` (the security level's floor) allows, that are not DSA
/// in TLS 1.3, and that `allow` has, in `prefer`'s order. Without a
/// configured list ours is OpenSSL's default one; `server_first` (SSL_OP_CIPHER_SERVER_PREFERENCE)
/// puts ours first instead of the client's.
pub fn shared(
    peer: &[u16],
    configured: &Allowed,
    server_first: bool,
    min_bits: u32,
    tls13: bool,
) -> Vec<u16> {
    let ours: Vec<u16> = match configured {
        Some(list) => list.iter().map(|s| u16::from(*s)).collect(),
        None => DEFAULT_ORDER.iter().chain(&DEFAULT_DSA).copied().collect(),
    };
    let (prefer, allow) = if server_first {
        (&ours[..], peer)
    } else {
        (peer, &ours[..])
    };
    prefer
        .iter()
        .copied()
        .filter(|&c| {
            let (sig, ..) = offered_nids(c);
            sig != NID_undef
                && security_bits(c) >= min_bits
                && !(tls13 && sig == NID_dsa)
                && allow.contains(&c)
        })
        .collect()
}

/// What we advertise: the configured list (in its order) as far as rustls
/// can verify it, else rustls's schemes in OpenSSL's default order.
pub fn advertised(mut inner: Vec<SignatureScheme>, allowed: &Allowed) -> Vec<SignatureScheme> {
    match allowed {
        None => {
            let rank = |s: &SignatureScheme| {
                let code = u16::from(*s);
                DEFAULT_ORDER
                    .iter()
                    .position(|c| *c == code)
                    .unwrap_or(DEFAULT_ORDER.len())
            };
            inner.sort_by_key(rank);
            inner
        }
        Some(a) => a.iter().copied().filter(|s| inner.contains(s)).collect(),
    }
}

/// Records the peer's scheme for the connection, refusing one we did not
/// advertise.
fn peer_signed(scheme: SignatureScheme, allowed: &Allowed) -> Result<(), Error> {
    if let Some(a) = allowed
        && !a.contains(&scheme)
    {
        return Err(PeerMisbehaved::SignedHandshakeWithUnadvertisedSigScheme.into());
    }
    observe::with(|o| o.peer_scheme = Some(scheme));
    Ok(())
}

/// Our client's server verifier under the configured list.
#[derive(Debug)]
pub struct ServerSigalgs {
    pub inner: ServerVerifier,
    pub allowed: Allowed,
}

impl ServerCertVerifier for ServerSigalgs {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
    }

    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        peer_signed(d.scheme, &self.allowed)?;
        self.inner.verify_tls12_signature(m, c, d)
    }

    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        peer_signed(d.scheme, &self.allowed)?;
        self.inner.verify_tls13_signature(m, c, d)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        advertised(self.inner.supported_verify_schemes(), &self.allowed)
    }
}

/// Our server's client verifier under the configured list.
#[derive(Debug)]
pub struct ClientSigalgs {
    pub inner: ClientVerifier,
    pub allowed: Allowed,
}

impl ClientCertVerifier for ClientSigalgs {
    fn offer_client_auth(&self) -> bool {
        self.inner.offer_client_auth()
    }

    fn client_auth_mandatory(&self) -> bool {
        self.inner.client_auth_mandatory()
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        self.inner
            .verify_client_cert(end_entity, intermediates, now)
    }

    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        peer_signed(d.scheme, &self.allowed)?;
        self.inner.verify_tls12_signature(m, c, d)
    }

    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        peer_signed(d.scheme, &self.allowed)?;
        self.inner.verify_tls13_signature(m, c, d)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        advertised(self.inner.supported_verify_schemes(), &self.allowed)
    }
}

/// Our signing key: picks, in the peer's order, the first offered scheme
/// that the configured list allows and the key can do.
#[derive(Debug)]
struct OwnKey {
    inner: Arc<dyn SigningKey>,
    allowed: Allowed,
}

impl SigningKey for OwnKey {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        let mut offered: Vec<SignatureScheme> = offered
            .iter()
            .copied()
            .filter(|s| self.allowed.as_ref().is_none_or(|a| a.contains(s)))
            .collect();
        // The peer's own order where we saw it (rustls hands TLS 1.2
        // schemes over in its suite's order).
        observe::with(|o| {
            let rank = |s: &SignatureScheme| {
                let code = u16::from(*s);
                o.peer_sigalgs
                    .iter()
                    .position(|c| *c == code)
                    .unwrap_or(usize::MAX)
            };
            offered.sort_by_key(rank);
        });
        let signer = offered
            .iter()
            .find_map(|s| self.inner.choose_scheme(std::slice::from_ref(s)))?;
        Some(Box::new(OwnSigner(signer)))
    }

    fn public_key(&self) -> Option<SubjectPublicKeyInfoDer<'_>> {
        self.inner.public_key()
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        self.inner.algorithm()
    }
}

/// Records the scheme for `SSL_get_signature_nid` when it signs.
#[derive(Debug)]
struct OwnSigner(Box<dyn Signer>);

impl Signer for OwnSigner {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        observe::with(|o| o.own_scheme = Some(self.0.scheme()));
        self.0.sign(message)
    }

    fn scheme(&self) -> SignatureScheme {
        self.0.scheme()
    }
}

/// Our certificate with its key wrapped (see `OwnKey`).
pub fn own_key(ck: Arc<CertifiedKey>, allowed: &Allowed) -> Arc<CertifiedKey> {
    Arc::new(CertifiedKey {
        cert: ck.cert.clone(),
        key: Arc::new(OwnKey {
            inner: ck.key.clone(),
            allowed: allowed.clone(),
        }),
        ocsp: ck.ocsp.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OpenSSL's rules for a server's shared list beyond the intersection:
    /// the security level's floor (SHA-1 counts 64 bits, SHA-224 112),
    /// no DSA in TLS 1.3, codes it does not know dropped, the client's
    /// order unless the server's comes first.
    #[test]
    fn shared_rules() {
        // ecdsa_sha1, rsa_pkcs1_sha224, dsa_sha256, an unknown code,
        // ecdsa_secp256r1_sha256, ed448.
        let peer = [0x0203, 0x0301, 0x0402, 0x0fff, 0x0403, 0x0808];
        assert_eq!(
            shared(&peer, &None, false, 0, false),
            [0x0203, 0x0301, 0x0402, 0x0403, 0x0808]
        );
        assert_eq!(
            shared(&peer, &None, false, 80, false),
            [0x0301, 0x0402, 0x0403, 0x0808]
        );
        assert_eq!(
            shared(&peer, &None, false, 112, true),
            [0x0301, 0x0403, 0x0808]
        );
        assert_eq!(
            shared(&peer, &None, false, 128, false),
            [0x0402, 0x0403, 0x0808]
        );
        // The default list in its own order when the server's comes first.
        assert_eq!(
            shared(&peer, &None, true, 112, false),
            [0x0403, 0x0808, 0x0301, 0x0402]
        );
        let ours: Allowed = parse_list("ECDSA+SHA256:DSA+SHA256").map(Into::into);
        assert_eq!(shared(&peer, &ours, false, 112, false), [0x0402, 0x0403]);
        assert_eq!(shared(&peer, &ours, true, 112, false), [0x0403, 0x0402]);
    }

    #[test]
    fn names_and_pairs() {
        assert_eq!(
            parse_list("ECDSA+SHA256:rsa_pss_rsae_sha256:ed25519"),
            Some(vec![
                SignatureScheme::ECDSA_NISTP256_SHA256,
                SignatureScheme::RSA_PSS_SHA256,
                SignatureScheme::ED25519
            ])
        );
        assert_eq!(
            parse_list("SHA384+ECDSA"),
            Some(vec![SignatureScheme::ECDSA_NISTP384_SHA384])
        );
        assert_eq!(
            parse_list("PSS+sha256"),
            Some(vec![SignatureScheme::RSA_PSS_SHA256])
        );
    }

    #[test]
    fn openssl_rejections() {
        for bad in [
            "",
            "bogus",
            "ecdsa+sha256",
            "ECDSA-SHA256",
            "ECDSA+SHA256:ECDSA+SHA256",
            "ECDSA+SHA256::ed25519",
            "ECDSA+",
        ] {
            assert_eq!(parse_list(bad), None, "{bad}");
        }
        assert!(parse_list("DSA+SHA256").is_some());
    }

    #[test]
    fn nids_of_schemes() {
        assert_eq!(
            nids(SignatureScheme::ECDSA_NISTP256_SHA256),
            Some((672, 408))
        );
        assert_eq!(nids(SignatureScheme::RSA_PSS_SHA256), Some((672, 912)));
        assert_eq!(nids(SignatureScheme::ED25519), Some((0, 1087)));
        assert_eq!(
            from_nid_pairs(&[672, 408, 0, 1087]).map(|v| v.len()),
            Some(2)
        );
        assert_eq!(from_nid_pairs(&[672]), None);
    }
}
