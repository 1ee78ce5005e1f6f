//! Reading one PEM object at a time from a stream, as `PEM_read_X509` and
//! `PEM_read_PrivateKey` do: lines before the first block of the wanted
//! kind (and blocks of other kinds) are skipped, reading stops right after
//! the block's END line so the next call finds the next object.

use pki_types::pem::PemObject;
use pki_types::{CertificateDer, PrivateKeyDer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PemKind {
    Certificate,
    PrivateKey,
    Crl,
}

impl PemKind {
    /// The labels OpenSSL's reader accepts for this kind. An encrypted key
    /// is recognised (and then refused: no password support).
    fn accepts(self, label: &str) -> bool {
        match self {
            PemKind::Certificate => matches!(label, "CERTIFICATE" | "X509 CERTIFICATE"),
            PemKind::Crl => label == "X509 CRL",
            PemKind::PrivateKey => matches!(
                label,
                "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "ENCRYPTED PRIVATE KEY"
            ),
        }
    }
}

/// Collects the lines of one block of `kind`.
#[derive(Debug)]
pub struct PemReader {
    kind: PemKind,
    label: Option<String>,
    text: Vec<u8>,
}

impl PemReader {
    pub fn new(kind: PemKind) -> Self {
        PemReader {
            kind,
            label: None,
            text: Vec::new(),
        }
    }

    /// Feeds one line (with or without its newline); true once the block
    /// is complete.
    pub fn push_line(&mut self, line: &[u8]) -> bool {
        let trimmed = line.trim_ascii();
        match &self.label {
            None => {
                let label = trimmed
                    .strip_prefix(b"-----BEGIN ")
                    .and_then(|l| l.strip_suffix(b"-----"))
                    .and_then(|l| std::str::from_utf8(l).ok());
                if let Some(l) = label.filter(|l| self.kind.accepts(l)) {
                    self.label = Some(l.to_owned());
                    self.text.clear();
                    self.push(trimmed);
                }
                false
            }
            Some(label) => {
                let end = format!("-----END {label}-----");
                self.push(trimmed);
                trimmed == end.as_bytes()
            }
        }
    }

    fn push(&mut self, line: &[u8]) {
        self.text.extend_from_slice(line);
        self.text.push(b'\n');
    }

    /// The certificate's DER from a completed block.
    pub fn certificate(&self) -> Option<Vec<u8>> {
        // pki-types knows only the modern label.
        let text = String::from_utf8_lossy(&self.text).replace("X509 CERTIFICATE", "CERTIFICATE");
        CertificateDer::from_pem_slice(text.as_bytes())
            .ok()
            .map(|c| c.to_vec())
    }

    /// The CRL's DER from a completed block.
    pub fn crl(&self) -> Option<Vec<u8>> {
        pki_types::CertificateRevocationListDer::from_pem_slice(&self.text)
            .ok()
            .map(|c| c.to_vec())
    }

    /// The private key from a completed block (`None` for an encrypted or
    /// malformed one).
    pub fn private_key(&self) -> Option<PrivateKeyDer<'static>> {
        PrivateKeyDer::from_pem_slice(&self.text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_other_blocks_and_stops_at_end() {
        let mut r = PemReader::new(PemKind::Certificate);
        assert!(!r.push_line(b"junk\n"));
        assert!(!r.push_line(b"-----BEGIN PRIVATE KEY-----\n"));
        assert!(!r.push_line(b"AAAA\n"));
        assert!(!r.push_line(b"-----END PRIVATE KEY-----\n"));
        assert!(!r.push_line(b"-----BEGIN CERTIFICATE-----\n"));
        assert!(!r.push_line(b"MAA=\n"));
        assert!(r.push_line(b"-----END CERTIFICATE-----\n"));
        assert_eq!(r.certificate(), Some(vec![0x30, 0x00]));
    }
}
