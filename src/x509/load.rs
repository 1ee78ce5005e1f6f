//! Reading certificates and private keys from files
//! (`SSL_CTX_use_certificate_file`, `_chain_file`, `_PrivateKey_file`), and
//! `LoadedKey`, a private key with the rustls signer made from it.

use pki_types::pem::PemObject;
use pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::SigningKey;
use std::path::Path;
use std::sync::Arc;

use crate::abi::{SSL_FILETYPE_ASN1, SSL_FILETYPE_PEM};

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
            super::X509::from_der(der.clone()).ok_or(LoadError::NoObject)?;
            Ok(vec![CertificateDer::from(der)])
        }
        _ => Err(LoadError::BadFileType),
    }
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
        let signer = rustls::crypto::aws_lc_rs::default_provider()
            .key_provider
            .load_private_key(der.clone_key())
            .map_err(|_| LoadError::BadKey)?;
        Ok(LoadedKey { der, signer })
    }
}
