//! sslshim: OpenSSL 3's libssl API and ABI on top of rustls.
//!
//! Layout: `ffi/` holds every `extern "C"` entry point (argument checks, panic
//! guard, pointer conversion) and nothing else; the safe core beside it holds
//! the TLS context (`ctx`), the connection state machine (`ssl`), the BIO layer
//! (`bio`), the error queue (`err`), certificates (`x509`) and verification
//! (`verify`). `abi` is the one home of every number shared with OpenSSL;
//! `os`, below the core, the only other home of `unsafe` (libc, and the
//! drop-in flavour's libcrypto). docs/ARCHITECTURE.md draws the layers.
#![deny(unsafe_op_in_unsafe_fn)]

pub mod abi;
pub(crate) mod alert;
pub(crate) mod alpn;
pub mod bio;
pub(crate) mod callbacks;
pub(crate) mod cipher;
pub(crate) mod conf;
pub(crate) mod crypto;
pub mod ctx;
pub(crate) mod digest;
pub mod err;
pub(crate) mod ex_data;
pub mod ffi;
pub(crate) mod guard;
pub(crate) mod keep;
pub(crate) mod logging;
pub(crate) mod observe;
pub(crate) mod os;
pub(crate) mod rand;
pub(crate) mod session;
pub mod ssl;
pub(crate) mod stack;
pub(crate) mod verify;
pub(crate) mod version;
pub(crate) mod x509;

/// Record-size blocks at one page offset (os/alloc.rs says why).
#[global_allocator]
static HEAP: os::alloc::Placed = os::alloc::Placed;

#[cfg(feature = "count-allocations")]
#[doc(hidden)]
pub use os::alloc::allocations;

/// The flavour seam: the one place that decides what differs between the
/// standalone `libsslshim.so` and the drop-in `libssl.so.3`
/// (docs/ARCHITECTURE.md). Everything else asks these names; the only
/// other `feature = "dropin"` lines declare the modules that exist in one
/// flavour alone (`err::libcrypto`, `ex_data::libcrypto`, `os::libcrypto`,
/// `ffi::libcrypto`, `crypto::libcrypto`).
pub(crate) mod flavour {
    /// The error queue `err` raises to and reads from: our own per-thread
    /// queue, or the process's libcrypto queue (so a program's
    /// `ERR_get_error` sees what we raise).
    #[cfg(not(feature = "dropin"))]
    pub(crate) static ERROR_QUEUE: &dyn crate::err::ErrorQueue = &crate::err::OWN;
    #[cfg(feature = "dropin")]
    pub(crate) static ERROR_QUEUE: &dyn crate::err::ErrorQueue = &crate::err::LIBCRYPTO;

    /// What the ABI hands across (BIO, X509, EVP_PKEY, stacks, name lists),
    /// key files and verify callbacks: our objects, or libcrypto's
    /// (`ffi::objects::CObjects`).
    #[cfg(not(feature = "dropin"))]
    pub(crate) type Objects = crate::ffi::objects::Own;
    #[cfg(feature = "dropin")]
    pub(crate) type Objects = crate::ffi::libcrypto::Libcrypto;

    /// Where `SSL`, `SSL_CTX` and `SSL_SESSION` ex_data values live: our
    /// own slots, or libcrypto's `CRYPTO_EX_DATA` (whose indices and
    /// callbacks the program registered with libcrypto).
    #[cfg(not(feature = "dropin"))]
    pub(crate) type ForeignExData = crate::ex_data::OwnSlotsOnly;
    #[cfg(feature = "dropin")]
    pub(crate) type ForeignExData = crate::ex_data::libcrypto::LibcryptoSlots;

    /// Whether loading checks for OpenSSL's own libssl/libcrypto in the
    /// process (`crate::guard`): the standalone flavour, whose objects are
    /// its own, must not be mixed with them; the drop-in is made to be.
    pub(crate) const GUARD_AGAINST_OPENSSL: bool = !cfg!(feature = "dropin");

    /// A second implementation of rustls's algorithms besides aws-lc-rs
    /// (`crate::crypto` decides which does what): none, or the process's
    /// libcrypto, through the `rustls-openssl` provider.
    #[cfg(not(feature = "dropin"))]
    pub(crate) static CRYPTO_ALTERNATIVE: Option<&dyn crate::crypto::Alternative> = None;
    #[cfg(feature = "dropin")]
    pub(crate) static CRYPTO_ALTERNATIVE: Option<&dyn crate::crypto::Alternative> =
        Some(&crate::crypto::libcrypto::Libcrypto);
}
