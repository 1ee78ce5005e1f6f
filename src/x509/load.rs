//! Reading certificates and private keys from files
//! (`SSL_CTX_use_certificate_file`, `_chain_file`, `_PrivateKey_file`, the
//! client CA files), and `LoadedKey`, a private key with the rustls signer
//! made from it.

use pki_types::pem::PemObject;
use pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::SigningKey;
use std::path::Path;
use std::sync::Arc;

use super::pem_block::PemError;
use super::{X509, X509Name};
use crate::abi::{
    ERR_LIB_BIO, ERR_LIB_PEM, ERR_R_SYS_LIB, PEM_R_NO_START_LINE, SSL_FILETYPE_ASN1,
    SSL_FILETYPE_PEM,
};

/// Why loading failed, for the caller to put on the ERR queue.
#[derive(Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The file could not be opened; carries errno.
    Io(i32),
    /// Opened, but nothing usable inside.
    NoObject,
    /// A key type or encoding the crypto provider does not accept.
    BadKey,
    BadFileType,
}

fn io_err(e: &std::io::Error) -> LoadError {
    LoadError::Io(e.raw_os_error().unwrap_or(libc::EIO))
}

fn open_check(path: &Path) -> Result<(), LoadError> {
    std::fs::metadata(path).map(|_| ()).map_err(|e| io_err(&e))
}

/// Every certificate in the file, in order (PEM), or the one DER certificate.
pub fn read_certs(path: &Path, filetype: i32) -> Result<Vec<CertificateDer<'static>>, LoadError> {
    open_check(path)?;
    match filetype {
        SSL_FILETYPE_PEM => {
            let iter = CertificateDer::pem_file_iter(path).map_err(|_| LoadError::NoObject)?;
            let certs: Vec<_> = iter.filter_map(Result::ok).collect();
            if certs.is_empty() {
                Err(LoadError::NoObject)
            } else {
                Ok(certs)
            }
        }
        SSL_FILETYPE_ASN1 => {
            let der = std::fs::read(path).map_err(|e| io_err(&e))?;
            X509::from_der(der.clone()).ok_or(LoadError::NoObject)?;
            Ok(vec![CertificateDer::from(der)])
        }
        _ => Err(LoadError::BadFileType),
    }
}

/// Why reading the certificates of a chain file stopped, as OpenSSL's
/// PEM reader reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PemStop {
    /// The block format (`PEM_R_NO_START_LINE` at the end of the input,
    /// `PEM_R_BAD_END_LINE`, `PEM_R_BAD_BASE64_DECODE`; an empty block
    /// with nothing queued).
    Pem(PemError),
    /// The block is not a certificate (`ERR_R_ASN1_LIB`).
    BadDer,
}

/// A certificate chain file as `SSL_CTX_use_certificate_chain_file`
/// reads it.
#[derive(Debug)]
pub struct ChainFile {
    /// The certificates read, leaf first; empty when the first failed.
    pub certs: Vec<CertificateDer<'static>>,
    /// What ended the reading: `Pem(NoStartLine)` after a certificate is
    /// the end of the file, anything else an error.
    pub stop: PemStop,
}

impl ChainFile {
    /// Whether reading ended at the end of the file after the leaf.
    pub fn complete(&self) -> bool {
        !self.certs.is_empty() && self.stop == PemStop::Pem(PemError::NoStartLine)
    }
}

/// The labels of the leaf (`PEM_read_bio_X509_AUX`) and of the chain
/// certificates after it (`PEM_read_bio_X509`).
const LEAF_LABELS: &[&str] = &["TRUSTED CERTIFICATE", "CERTIFICATE", "X509 CERTIFICATE"];
const CHAIN_LABELS: &[&str] = &["CERTIFICATE", "X509 CERTIFICATE"];

/// OpenSSL 3.0's `use_certificate_chain_file` reading: the leaf, then
/// certificates until the first failure. Every block on the way is
/// decoded, whatever its label, so a corrupt block anywhere stops the
/// reading; only `Io` is an error here (the file does not open).
pub fn read_chain_file(path: &Path) -> Result<ChainFile, LoadError> {
    let text = std::fs::read(path).map_err(|e| io_err(&e))?;
    let mut lines = text.split_inclusive(|&b| b == b'\n');
    let mut certs = Vec::new();
    let stop = loop {
        let labels = if certs.is_empty() {
            LEAF_LABELS
        } else {
            CHAIN_LABELS
        };
        let der = match super::pem_block::read_lines(labels, &mut lines) {
            Ok(der) => der,
            Err(e) => break PemStop::Pem(e),
        };
        // d2i reads one certificate and ignores what follows it (the
        // trust settings of a TRUSTED CERTIFICATE).
        let one = super::first_element_len(&der).map(|n| der[..n].to_vec());
        match one.filter(|d| X509::from_der(d.clone()).is_some()) {
            Some(d) => certs.push(CertificateDer::from(d)),
            None => break PemStop::BadDer,
        }
    };
    Ok(ChainFile { certs, stop })
}

/// The private key (PKCS#8, PKCS#1 RSA or SEC1 EC), ready to sign.
pub fn read_key(path: &Path, filetype: i32) -> Result<LoadedKey, LoadError> {
    open_check(path)?;
    let der = match filetype {
        SSL_FILETYPE_PEM => PrivateKeyDer::from_pem_file(path).map_err(|_| LoadError::NoObject)?,
        SSL_FILETYPE_ASN1 => {
            let bytes = std::fs::read(path).map_err(|e| io_err(&e))?;
            PrivateKeyDer::try_from(bytes).map_err(|_| LoadError::NoObject)?
        }
        _ => return Err(LoadError::BadFileType),
    };
    LoadedKey::new(der)
}

/// A private key with the signer the provider made from it. The DER is
/// kept for rustls's client-auth builder, which wants the encoded key.
#[derive(Debug)]
pub struct LoadedKey {
    pub der: PrivateKeyDer<'static>,
    pub signer: Arc<dyn SigningKey>,
}

impl LoadedKey {
    /// Whether this is the private half of the key in `cert_der`, a
    /// certificate of any X.509 version: OpenSSL's `X509_check_private_key`
    /// compares the public keys, and a v1 certificate (which rustls's
    /// `keys_match` cannot parse: webpki reads only v3) has one as well.
    pub fn matches_cert(&self, cert_der: &[u8]) -> bool {
        let Some(spki) = self.signer.public_key() else {
            return false;
        };
        let key_spki = super::der::expect(spki.as_ref(), super::der::SEQUENCE);
        match (key_spki, super::tbs(cert_der)) {
            (Some((k, rest)), Some(t)) => rest.is_empty() && k.content == t.spki,
            _ => false,
        }
    }
}

impl Clone for LoadedKey {
    fn clone(&self) -> Self {
        LoadedKey {
            der: self.der.clone_key(),
            signer: self.signer.clone(),
        }
    }
}

impl LoadedKey {
    pub fn new(der: PrivateKeyDer<'static>) -> Result<Self, LoadError> {
        let signer = crate::crypto::base()
            .key_provider
            .load_private_key(der.clone_key())
            .map_err(|_| LoadError::BadKey)?;
        Ok(LoadedKey { der, signer })
    }
}

/// The certificates of a PEM file of CA certificates
/// (`SSL_load_client_CA_file` and friends); `None` with OpenSSL's errors
/// (for `func`) queued when the file cannot be read or holds none.
pub fn read_ca_file(path: &str, func: &'static str) -> Option<Vec<Arc<X509>>> {
    match read_certs(Path::new(path), SSL_FILETYPE_PEM) {
        Ok(c) if !c.is_empty() => Some(
            c.into_iter()
                .filter_map(|c| X509::from_der(c.to_vec()))
                .collect(),
        ),
        Err(LoadError::Io(errno)) => {
            crate::err::raise_sys(errno, func, file!(), line!());
            crate::err::raise(ERR_LIB_BIO, ERR_R_SYS_LIB, func, file!(), line!());
            None
        }
        _ => {
            crate::err::raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, func, file!(), line!());
            None
        }
    }
}

/// The certificates of a PEM file as `SSL_add_file_cert_subjects_to_stack`
/// reads them: none for a file that opens but holds none (OpenSSL answers
/// 1 then, with no error); `Err(errno)` for one that cannot be opened.
pub fn read_subject_file(path: &str) -> Result<Vec<Arc<X509>>, i32> {
    match read_certs(Path::new(path), SSL_FILETYPE_PEM) {
        Ok(c) => Ok(c
            .into_iter()
            .filter_map(|c| X509::from_der(c.to_vec()))
            .collect()),
        Err(LoadError::Io(errno)) => Err(errno),
        Err(_) => Ok(Vec::new()),
    }
}

/// `BIO_read_filename`'s errors for a file that does not open: the system
/// error, then BIO's reason.
pub fn raise_unopened_file(errno: i32, func: &'static str) {
    crate::err::raise_sys(errno, func, file!(), line!());
    let reason = if errno == libc::ENOENT {
        crate::abi::BIO_R_NO_SUCH_FILE
    } else {
        crate::abi::ERR_R_SYS_LIB
    };
    crate::err::raise(crate::abi::ERR_LIB_BIO, reason, func, file!(), line!());
}

/// The certificates at a store URI, as OpenSSL's `file:` store loader
/// reads them for `SSL_add_store_cert_subjects_to_stack`: a path or an
/// absolute `file:` URI, of a file or of a directory (its files, one level
/// down, in name order). A file without certificates adds none. `Err` with
/// the errno when it cannot be opened (a relative `file:` URI: ENOENT).
pub fn read_store_certs(uri: &str) -> Result<Vec<Arc<X509>>, i32> {
    let path = match uri.strip_prefix("file:") {
        Some(rest) => {
            let rest = rest
                .strip_prefix("//localhost")
                .or_else(|| rest.strip_prefix("//"))
                .unwrap_or(rest);
            if !rest.starts_with('/') {
                return Err(2);
            }
            rest
        }
        None => uri,
    };
    let p = Path::new(path);
    let meta = std::fs::metadata(p).map_err(|e| e.raw_os_error().unwrap_or(0))?;
    let files = if meta.is_dir() {
        let mut v: Vec<_> = std::fs::read_dir(p)
            .map_err(|e| e.raw_os_error().unwrap_or(0))?
            .flatten()
            .map(|e| e.path())
            .filter(|f| f.is_file())
            .collect();
        v.sort();
        v
    } else {
        vec![p.to_path_buf()]
    };
    Ok(files
        .iter()
        .filter_map(|f| read_certs(f, SSL_FILETYPE_PEM).ok())
        .flatten()
        .filter_map(|c| X509::from_der(c.to_vec()))
        .collect())
}

/// The distinct subjects of `certs` (equal as `X509_NAME_cmp` compares),
/// each a standalone copy, in order: `SSL_load_client_CA_file`'s list.
pub fn distinct_subjects(certs: &[Arc<X509>]) -> Vec<Arc<X509Name>> {
    let mut names: Vec<Arc<X509Name>> = Vec::new();
    for x in certs {
        let n = x.subject();
        if !names.iter().any(|have| have.cmp_canonical(n).is_eq()) {
            names.push(Arc::new(n.detached()));
        }
    }
    names
}
