//! The drop-in's libcrypto as a second implementation of rustls's
//! algorithms: its ChaCha20-Poly1305 through `chacha` (EVP, one context
//! per key), and under FIPS everything through the `rustls-openssl`
//! provider, a rustls `CryptoProvider` over libcrypto's EVP interfaces.
//! libcrypto's own audited code does the arithmetic; nothing here computes.

mod chacha;

use super::Alternative;
use rustls::SupportedCipherSuite;
use rustls::crypto::{CryptoProvider, SecureRandom, SupportedKxGroup};
use std::sync::OnceLock;

/// The process's libcrypto.
pub struct Libcrypto;

/// Groups that work are found by starting a key exchange in each, and the
/// whole provider lists them: both are worked out once per process (only
/// ever asked for under FIPS, whose algorithms do not change while the
/// process runs).
static GROUPS: OnceLock<Vec<&'static dyn SupportedKxGroup>> = OnceLock::new();
static PROVIDER: OnceLock<CryptoProvider> = OnceLock::new();

impl Alternative for Libcrypto {
    /// `EVP_default_properties_is_fips_enabled(NULL) == 1`, which is what
    /// rustls-openssl's generator reports as its FIPS state.
    fn fips(&self) -> bool {
        rustls_openssl::SecureRandom.fips()
    }

    fn chacha_suites(&self) -> Vec<SupportedCipherSuite> {
        chacha::suites()
    }

    /// Each suite's cipher was fetched once and is remembered by the crate.
    fn suites(&self) -> Vec<SupportedCipherSuite> {
        rustls_openssl::available_cipher_suites()
    }

    fn groups(&self) -> Vec<&'static dyn SupportedKxGroup> {
        GROUPS
            .get_or_init(rustls_openssl::kx_group::available_groups)
            .clone()
    }

    fn provider(&self) -> CryptoProvider {
        PROVIDER
            .get_or_init(rustls_openssl::default_provider)
            .clone()
    }

    fn random(&self) -> &'static dyn SecureRandom {
        &rustls_openssl::SecureRandom
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Plan, current, provider};
    use rustls::{CipherSuite, SupportedCipherSuite};

    fn same(a: SupportedCipherSuite, b: SupportedCipherSuite) -> bool {
        match (a, b) {
            (SupportedCipherSuite::Tls13(a), SupportedCipherSuite::Tls13(b)) => std::ptr::eq(a, b),
            (SupportedCipherSuite::Tls12(a), SupportedCipherSuite::Tls12(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }

    /// Without FIPS (this machine's libcrypto), ChaCha20-Poly1305 is
    /// libcrypto's (`chacha`) and AES-GCM aws-lc-rs's.
    #[test]
    fn chacha_from_libcrypto() {
        assert_eq!(current(), Plan::ChachaFromLibcrypto);
        let ids = [
            CipherSuite::TLS13_AES_256_GCM_SHA384,
            CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        ];
        let p = provider(ids.iter().copied(), &crate::ctx::groups::defaults());
        let s = &p.cipher_suites;
        let got: Vec<_> = s.iter().map(|s| s.suite()).collect();
        assert_eq!(got, ids);
        let aws = |s: SupportedCipherSuite| {
            let all = rustls::crypto::aws_lc_rs::ALL_CIPHER_SUITES;
            all.iter().any(|o| same(s, *o))
        };
        let evp = |s: SupportedCipherSuite| super::chacha::suites().iter().any(|o| same(s, *o));
        assert!(aws(s[0]) && !evp(s[0]));
        assert!(evp(s[1]) && !aws(s[1]));
        assert!(evp(s[2]) && !aws(s[2]));
        assert!(evp(s[3]) && !aws(s[3]));
        assert!(aws(s[4]) && !evp(s[4]));
    }

    /// Under FIPS every algorithm is libcrypto's. This libcrypto has no
    /// FIPS provider (Debian 12 ships none), so the plan is forced: the
    /// suites, groups, signature verification and key loading it gives
    /// must all be libcrypto's, and must carry a TLS 1.3 and a TLS 1.2
    /// handshake and data between a client and a server made of them.
    #[test]
    fn fips_plan_is_libcrypto_throughout() {
        use super::super::provider_under;
        use pki_types::pem::PemObject;
        use pki_types::{CertificateDer, PrivateKeyDer, ServerName};
        use std::io::{Read, Write};
        use std::sync::Arc;

        let ids: Vec<_> = crate::cipher::CIPHERS.iter().map(|c| c.suite).collect();
        let groups = crate::ctx::groups::defaults();
        let p = provider_under(
            Plan::Libcrypto,
            Some(&super::Libcrypto),
            ids.iter().copied(),
            &groups,
        );
        let got: Vec<_> = p.cipher_suites.iter().map(|s| s.suite()).collect();
        assert_eq!(got, ids, "every suite, in order");
        for s in &p.cipher_suites {
            assert!(
                rustls_openssl::ALL_CIPHER_SUITES
                    .iter()
                    .any(|o| same(*s, *o)),
                "{:?} not libcrypto's",
                s.suite()
            );
        }
        // The groups by name, each libcrypto's; the post-quantum hybrid
        // needs OpenSSL 3.5, so it is left out here.
        let names: Vec<_> = p.kx_groups.iter().map(|g| g.name()).collect();
        use rustls::NamedGroup as G;
        for g in [G::X25519, G::secp256r1, G::secp384r1, G::secp521r1] {
            assert!(names.contains(&g), "{g:?} missing from {names:?}");
        }
        for g in &p.kx_groups {
            assert!(
                rustls_openssl::kx_group::ALL_KX_GROUPS
                    .iter()
                    .any(|o| std::ptr::addr_eq(*g, *o)),
                "{:?} not libcrypto's",
                g.name()
            );
        }
        assert!(std::ptr::addr_eq(
            p.key_provider,
            &rustls_openssl::KeyProvider
        ));

        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/certs/");
        let chain: Vec<_> = CertificateDer::pem_file_iter(format!("{dir}server-chain.pem"))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let key = PrivateKeyDer::from_pem_file(format!("{dir}server.key")).unwrap();
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(CertificateDer::from_pem_file(format!("{dir}ca.pem")).unwrap())
            .unwrap();
        let p = Arc::new(p);
        let verifier =
            rustls::client::WebPkiServerVerifier::builder_with_provider(roots.into(), p.clone())
                .build()
                .unwrap();
        for version in [&rustls::version::TLS13, &rustls::version::TLS12] {
            let server = rustls::ServerConfig::builder_with_provider(p.clone())
                .with_protocol_versions(&[version])
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(chain.clone(), key.clone_key())
                .unwrap();
            let client = rustls::ClientConfig::builder_with_provider(p.clone())
                .with_protocol_versions(&[version])
                .unwrap()
                .with_webpki_verifier(verifier.clone())
                .with_no_client_auth();
            let name = ServerName::try_from("localhost").unwrap();
            let mut c = rustls::ClientConnection::new(Arc::new(client), name).unwrap();
            let mut s = rustls::ServerConnection::new(Arc::new(server)).unwrap();
            c.writer().write_all(b"to the server").unwrap();
            s.writer().write_all(b"to the client").unwrap();
            let mut buf = Vec::new();
            for _ in 0..10 {
                c.write_tls(&mut buf).unwrap();
                s.read_tls(&mut &buf[..]).unwrap();
                buf.clear();
                s.process_new_packets().unwrap();
                s.write_tls(&mut buf).unwrap();
                c.read_tls(&mut &buf[..]).unwrap();
                buf.clear();
                c.process_new_packets().unwrap();
            }
            let (mut at_s, mut at_c) = (Vec::new(), Vec::new());
            let _ = s.reader().read_to_end(&mut at_s);
            let _ = c.reader().read_to_end(&mut at_c);
            assert_eq!(at_s, b"to the server", "{version:?}");
            assert_eq!(at_c, b"to the client", "{version:?}");
            // Key exchange with libcrypto's X25519 (the first default).
            assert_eq!(
                c.negotiated_key_exchange_group().map(|g| g.name()),
                Some(G::X25519)
            );
        }
    }
}
