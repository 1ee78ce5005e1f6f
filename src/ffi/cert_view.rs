//! The get0 objects the standalone flavour makes of one certificate for
//! C, kept by it (`X509::c_view`): each kind is built on first use and
//! never changes after, so the addresses handed out stay valid as long as
//! the certificate lives, as OpenSSL's do.

use std::sync::{Arc, OnceLock};

use super::x509_ext::X509Extension;
use super::x509_fields::FieldObjects;
use crate::stack::OpensslStack;
use crate::x509::{EvpPkey, X509};

#[derive(Default)]
pub(super) struct CertView {
    /// `X509_get_ext`'s objects, in the certificate's order.
    pub extensions: OnceLock<Vec<X509Extension>>,
    /// `X509_get0_extensions`: a stack of those (None when there are none).
    pub extension_stack: OnceLock<Option<Arc<OpensslStack>>>,
    /// Serial, times, algorithms, signature, X509_PUBKEY (None: the
    /// certificate's outline did not parse).
    pub fields: OnceLock<Option<FieldObjects>>,
    /// `X509_get0_pubkey`'s key.
    pub pubkey: OnceLock<Option<Arc<EvpPkey>>>,
}

/// The view of `x`, made empty on first use.
pub(super) fn of(x: &X509) -> &CertView {
    let kept = x.c_view(|_| Arc::new(CertView::default()));
    // Only this module puts anything in the slot, always a CertView.
    kept.downcast_ref::<CertView>()
        .unwrap_or_else(|| unreachable!("X509::c_view holds a CertView"))
}
