//! The libcrypto objects that libssl's functions exchange with a program
//! (`BIO*`, `X509*`, `STACK_OF(X509)*`), behind one trait with two
//! implementations: `Own` (our objects, the standalone flavour) and
//! `super::libcrypto::Libcrypto` (the process's libcrypto, the drop-in
//! flavour). Entry points that are libssl's are shared by both flavours and
//! reach these objects only through `Flavour`.

use std::ffi::CStr;
use std::os::raw::{c_int, c_long, c_uchar, c_void};
use std::ptr;
use std::sync::Arc;

use super::cert_callbacks::VerifyFnPtr;
use super::cipher::EvpMd;
use super::handle;
use super::pkey::PemPasswordFn;
use crate::bio::{Bio, BioRef};
use crate::callbacks::VerifyCallbackRef;
use crate::cipher::SslCipher;
use crate::ctx::LoadedKey;
use crate::ctx::SslCtx;
use crate::keep::Keep;
use crate::ssl::Ssl;
use crate::stack::OpensslStack;
use crate::x509::{EvpPkey, NameList, X509, X509Name};

pub trait CObjects {
    /// Takes over the caller's reference to a `BIO*` (OpenSSL's set0 and
    /// `SSL_set_bio` rules); `None` for NULL or a pointer we cannot use.
    fn adopt_bio(p: *mut c_void) -> Option<BioRef>;
    /// `BIO_up_ref` on a C `BIO*`.
    fn up_ref_bio(p: *mut c_void);
    /// The `BIO*` C knows for a transport we hold (NULL for none).
    fn bio_ptr(b: Option<&BioRef>) -> *mut c_void;
    /// A socket BIO on `fd` that does not close it (`SSL_set_fd`).
    fn socket_bio(fd: c_int) -> Option<BioRef>;
    /// `stack` of certificates as the program's `STACK_OF(X509)*`, owned by
    /// `ssl` (get0).
    fn x509_stack_out(ssl: &Ssl, stack: Arc<OpensslStack>) -> *mut c_void;
    /// A certificate of an `SSL` or `SSL_SESSION` as the program's `X509*`,
    /// kept by its `keep` under `slot` (get0).
    fn x509_kept(keep: &Keep, slot: &'static str, x: Arc<X509>) -> *mut c_void;
    /// One more reference to the program's `X509*` (`X509_up_ref`).
    fn x509_up_ref(p: *mut c_void);
    /// Another chain of `ssl` (e.g. the verified one) as a `STACK_OF(X509)*`
    /// kept under its own `slot` (get0).
    fn x509_stack_kept(ssl: &Ssl, slot: &'static str, stack: Arc<OpensslStack>) -> *mut c_void;
    /// Certificates as a `STACK_OF(X509)*` kept by `keep` under `slot`
    /// (get0), the same pointer while `key` (what they were made from)
    /// is the same.
    fn x509_ders_kept(keep: &Keep, slot: &'static str, key: usize, ders: &[&[u8]]) -> *mut c_void;
    /// Our static ciphers in `stack` as the program's
    /// `STACK_OF(SSL_CIPHER)*`, kept by `keep` under `slot` (get0).
    fn cipher_stack_out(keep: &Keep, slot: &'static str, stack: Arc<OpensslStack>) -> *mut c_void;
    /// The same as a new stack the caller frees (get1).
    fn cipher_stack_new(stack: Arc<OpensslStack>) -> *mut c_void;
    /// The program's `X509*` as our certificate object (a new reference or
    /// copy); `None` for NULL or one we cannot read.
    fn x509_in(p: *mut c_void) -> Option<Arc<X509>>;
    /// The certificates of the program's `STACK_OF(X509)*` (copies or new
    /// references); `None` for NULL or one we cannot read.
    fn x509_stack_in(p: *mut c_void) -> Option<Vec<Arc<X509>>>;
    /// Gives up the program's reference to an `X509*` (set0/add0 rules:
    /// what we took was copied by `x509_in`).
    fn x509_release(p: *mut c_void);
    /// Frees the program's `STACK_OF(X509)*` and its certificates (set0).
    fn x509_stack_release(p: *mut c_void);
    /// The program's `EVP_PKEY*` as a signing key; `None` for NULL or a key
    /// we cannot use (an error is queued then).
    fn pkey_in(p: *mut c_void) -> Option<LoadedKey>;
    /// The program's `RSA*` as our key (`SSL_CTX_use_RSAPrivateKey`):
    /// libcrypto's in the drop-in; the standalone flavour has no RSA
    /// objects (None, an error queued).
    fn rsa_in(p: *mut c_void) -> Option<LoadedKey>;
    /// Takes over the program's reference to an `EVP_PKEY*` (set0), kept
    /// in `keep` under `slot` until replaced or the keeper goes: OpenSSL
    /// owns a set0 object that long, and programs read it after the call.
    fn pkey_keep_taken(keep: &Keep, slot: &'static str, p: *mut c_void);
    /// Frees the program's `CTLOG_STORE*` handed over (libcrypto's in the
    /// drop-in; the standalone flavour has none, and ignores the pointer).
    fn ctlog_store_release(p: *mut c_void);
    /// A new public-key object for a SubjectPublicKeyInfo
    /// (`SSL_get_peer_tmp_key`): libcrypto's `EVP_PKEY` in the drop-in;
    /// NULL in the standalone flavour, whose keys are private keys.
    fn public_key_out(spki: &[u8]) -> *mut c_void;
    /// Tickets sealed by the program's ticket key callback at `cb` (its
    /// fifth argument an `HMAC_CTX*` when `hmac`, else an `EVP_MAC_CTX*`):
    /// libcrypto's contexts in the drop-in; None in the standalone
    /// flavour, which has no EVP objects.
    fn ticket_keys(cb: usize, hmac: bool) -> Option<Arc<dyn crate::session::TicketKeys>>;
    /// The root source after `SSL_CTRL_SET_VERIFY_CERT_STORE` (a program's
    /// `X509_STORE*`, or NULL to restore); None: the ctrl answers 0.
    fn verify_store_source(
        current: Arc<dyn crate::verify::RootSource>,
        store: *mut c_void,
        take: bool,
    ) -> Option<Arc<dyn crate::verify::RootSource>>;
    /// `SSL_set_hostflags` where the flavour keeps the connection's verify
    /// parameters: the core's own (standalone), libcrypto's
    /// `X509_VERIFY_PARAM` (drop-in; handed to the core at each handshake).
    fn set_hostflags(ssl: &Ssl, flags: std::os::raw::c_uint);
    /// `SSL_set1_host`/`SSL_add1_host` (`add`) into the flavour's own
    /// parameters as well (drop-in: libcrypto's, where a program reads
    /// them back with `X509_VERIFY_PARAM_get0_host`); `host` is the
    /// program's string or NULL, `ip` says the core took it as an IP
    /// address (OpenSSL keeps that apart from the names).
    fn set_param_host(_ssl: &Ssl, _host: *const std::os::raw::c_char, _add: bool, _ip: bool) {}
    /// What a client certificate callback put in its `X509 **`/`EVP_PKEY **`
    /// out-parameters, as our objects; the program's references are
    /// released, as OpenSSL's `tls_prepare_client_certificate` frees them
    /// after `SSL_use_certificate`/`SSL_use_PrivateKey`.
    fn client_cert_in(x509: *mut c_void, pkey: *mut c_void) -> ClientCertObjects;
    /// The certificate `der` as the program's `X509*` (get0): the object
    /// kept under `slot` in the first of `keeps` that has one for `der`,
    /// else a new one kept in `home`; NULL if it cannot be made.
    fn x509_get0(keeps: &[&Keep], home: &Keep, slot: &'static str, der: &[u8]) -> *mut c_void;
    /// The same for a private key as the program's `EVP_PKEY*`.
    fn pkey_get0(keeps: &[&Keep], home: &Keep, slot: &'static str, key: &LoadedKey) -> *mut c_void;
    /// Keeps the program's own `X509*` (a new reference) under `slot`, so
    /// get0 hands back the object it set, as OpenSSL does (programs hang
    /// ex_data on it).
    fn x509_keep_given(keep: &Keep, slot: &'static str, p: *mut c_void);
    /// The same for the program's `EVP_PKEY*`.
    fn pkey_keep_given(keep: &Keep, slot: &'static str, p: *mut c_void, key: &LoadedKey);
    /// A new empty C stack (`OPENSSL_sk_new_null`), owned by the caller.
    fn new_stack() -> *mut c_void;
    /// Takes over the program's `STACK_OF(X509_NAME)*` and its names (set0)
    /// as a name list; NULL gives an empty one. What must outlive the list
    /// for the getters goes into `keep`.
    fn name_list_in(keep: &Keep, sk: *mut c_void) -> Arc<NameList>;
    /// The program's `STACK_OF(X509_NAME)*` for `list` (get0): the same
    /// pointer while the list is unchanged; one kept in `keeps`, else a
    /// new one kept in `keeps[0]`; NULL if it cannot be made.
    fn name_list_out(keeps: &[&Keep], list: &NameList) -> *mut c_void;
    /// `add_client_CA` adds `name` to `list`: a stack handed out for `list`
    /// shows it too, as OpenSSL's does (nothing to do where that stack is
    /// the list's own).
    fn name_list_added(_keep: &Keep, _list: &NameList, _name: &X509Name) {}
    /// `SSL_load_client_CA_file`: the subject of every certificate in the
    /// PEM file `path`, each name once, as a new `STACK_OF(X509_NAME)*` the
    /// caller owns; NULL with OpenSSL's errors (for `func`) queued when
    /// the file cannot be read or holds no certificate.
    fn client_ca_file(path: &str, func: &'static str) -> *mut c_void;
    /// `SSL_dup_CA_list`: a new stack the caller owns, of copies of the
    /// names of the program's `STACK_OF(X509_NAME)*`; NULL for NULL.
    fn name_list_dup(sk: *const c_void) -> *mut c_void;
    /// The curve (NID) of the program's `EC_KEY*` (`SSL_CTX_set_tmp_ecdh`);
    /// `None` for NULL or a key we cannot read.
    fn ec_key_curve(p: *mut c_void) -> Option<c_int>;
    /// A new context, before the program sees it.
    fn ctx_created(ctx: &SslCtx);
    /// A new connection of `ctx`, before the program sees it.
    fn ssl_created(_ssl: &Ssl, _ctx: &SslCtx) {}
    /// `SSL_dup` made `to` from `from`: the flavour's own objects follow.
    fn ssl_duplicated(_to: &Ssl, _from: &Ssl) {}
    /// `SSL_connect`/`SSL_accept`/`SSL_do_handshake` is about to run.
    fn before_handshake(_ssl: &Ssl) {}
    /// The verify depth held by the flavour's parameters of a context or
    /// connection (drop-in: its `X509_VERIFY_PARAM`, where OpenSSL keeps
    /// it); `None`: the core's value is the one.
    fn param_depth(_keep: &Keep) -> Option<c_int> {
        None
    }
    /// `SSL_CTX_set_verify_depth`/`SSL_set_verify_depth`: the same depth
    /// into those parameters.
    fn set_param_depth(_keep: &Keep, _depth: c_int) {}
    /// `SSL_CTX_load_verify_locations` into the flavour's store (drop-in:
    /// the context's `X509_STORE`, errors on libcrypto's queue); `None`:
    /// the caller loads into the context's own anchors.
    fn load_verify_store(_ctx: &SslCtx, _file: Option<&str>, _dir: Option<&str>) -> Option<bool> {
        None
    }
    /// `SSL_CTX_set_default_verify_paths` likewise.
    fn default_verify_store(_ctx: &SslCtx) -> Option<bool> {
        None
    }
    /// `SSL_CTX_set_default_verify_file`/`_dir`/`_store` into the
    /// flavour's store (drop-in: a lookup of that kind added to the
    /// context's `X509_STORE`, as OpenSSL's libssl does); `None`: the
    /// caller loads the context's own anchors.
    fn default_verify_location(_ctx: &SslCtx, _which: DefaultLocation) -> Option<bool> {
        None
    }
    /// `SSL_CTX_load_verify_store` likewise (`X509_STORE_load_store`).
    fn load_verify_uri(_ctx: &SslCtx, _uri: &CStr) -> Option<bool> {
        None
    }
    /// `SSL_CTX_use_PrivateKey_file`/`SSL_use_PrivateKey_file`: the key in
    /// `path` (of `filetype`) read by the flavour, an encrypted PEM key
    /// decrypted with the default password callback `pw` (the
    /// `pem_password_cb *` and its argument as addresses, 0 for none), the
    /// object read kept in `keep` as a given key (`pkey_keep_given`) when
    /// `accepts` says the key will be taken (its slot's certificate is
    /// its). `None`: the caller reads the file itself; `Some(None)`: it
    /// failed, with OpenSSL's errors queued (those of `func`).
    fn key_file(
        keep: &Keep,
        path: &CStr,
        filetype: c_int,
        pw: PasswordCb,
        func: &'static str,
        accepts: &dyn Fn(&LoadedKey) -> bool,
    ) -> Option<Option<LoadedKey>>;

    /// The program's verify callback as the core calls it: with our store
    /// context (standalone) or a libcrypto `X509_STORE_CTX` mirroring it.
    fn verify_callback(cb: VerifyFnPtr) -> VerifyCallbackRef;
    /// `SSL_CTX_set_cert_verify_callback`'s callback (its address) and
    /// argument as the core calls it: with our store context or a libcrypto
    /// one set up as OpenSSL's.
    fn cert_verify_callback(cb: usize, arg: usize) -> crate::callbacks::CertVerifyCallbackRef;
    /// The ex_data index where a verification's store context carries its
    /// `SSL *` (`SSL_get_ex_data_X509_STORE_CTX_idx`).
    fn store_ctx_ssl_index() -> c_int;
    /// `SSL_CIPHER_get_handshake_digest`: libcrypto's `EVP_MD` for the
    /// suite's hash; NULL with an error entry where there is no libcrypto.
    fn handshake_digest(c: Option<&SslCipher>, func: &'static str) -> *const EvpMd;

    /// `PEM_ASN1_read_bio`/`PEM_ASN1_read`: the next PEM block labelled
    /// `label` in `src`, handed to `d2i` with `x` (d2i's conventions for
    /// it); NULL with OpenSSL's errors queued (for `func`). `cb` and `u`
    /// are the password callback and its argument.
    fn pem_read(
        src: Stream,
        label: &CStr,
        d2i: D2iFn,
        x: *mut *mut c_void,
        cb: PemPasswordFn,
        u: *mut c_void,
        func: &'static str,
    ) -> *mut c_void;
    /// `PEM_ASN1_write_bio`/`PEM_ASN1_write`, unencrypted: `i2d`'s
    /// encoding of `x` as a PEM block labelled `label`; 1, or 0 with
    /// OpenSSL's errors queued.
    fn pem_write(
        dst: Stream,
        label: &CStr,
        i2d: I2dFn,
        x: *const c_void,
        func: &'static str,
    ) -> c_int;
    /// `BIO_puts` of `text` (to a file through a file BIO, as
    /// `SSL_SESSION_print_fp` does): false when nothing could be written,
    /// with OpenSSL's error for a NULL BIO.
    fn write_text(dst: Stream, text: &CStr, func: &'static str) -> bool;
}

/// Where a PEM or text function reads or writes: the program's `BIO*`
/// (ours or libcrypto's, by flavour) or its C `FILE*`.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    Bio(*mut c_void),
    File(*mut libc::FILE),
}

/// OpenSSL's `d2i_of_void`.
pub type D2iFn = unsafe extern "C" fn(*mut *mut c_void, *mut *const c_uchar, c_long) -> *mut c_void;
/// OpenSSL's `i2d_of_void`.
pub type I2dFn = unsafe extern "C" fn(*const c_void, *mut *mut c_uchar) -> c_int;

/// A client certificate callback's certificate and key, each `None` when
/// NULL or unreadable.
pub type ClientCertObjects = (Option<Arc<X509>>, Option<Arc<EvpPkey>>);

/// Which default location `SSL_CTX_set_default_verify_*` adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultLocation {
    /// `SSL_CERT_FILE` or the default file (`X509_LOOKUP_file`).
    File,
    /// `SSL_CERT_DIR` or the default directory (`X509_LOOKUP_hash_dir`).
    Dir,
    /// The same directory as a store URI (`X509_LOOKUP_store`).
    Store,
}

/// The default password callback and its argument (`ctx::Hints`).
#[derive(Clone, Copy, Debug)]
pub struct PasswordCb {
    pub cb: usize,
    pub userdata: usize,
}

/// This flavour's objects (`crate::flavour` decides).
pub type Flavour = crate::flavour::Objects;

/// `X509_free` as a stack's element destructor.
unsafe extern "C" fn free_own_x509(p: *mut c_void) {
    handle::release(p as *const X509);
}

/// Our own objects (handle.rs): the standalone flavour.
pub struct Own;

impl CObjects for Own {
    fn adopt_bio(p: *mut c_void) -> Option<BioRef> {
        super::bio_held::HeldBio::adopt(p as *const Bio)
    }
    fn up_ref_bio(p: *mut c_void) {
        handle::up_ref(p as *const Bio);
    }
    fn bio_ptr(b: Option<&BioRef>) -> *mut c_void {
        b.and_then(|b| b.as_any().downcast_ref::<Bio>())
            .map_or(ptr::null_mut(), |b| b as *const Bio as *mut c_void)
    }
    fn socket_bio(fd: c_int) -> Option<BioRef> {
        Some(Bio::new_socket(fd, false))
    }
    fn x509_stack_out(_ssl: &Ssl, stack: Arc<OpensslStack>) -> *mut c_void {
        handle::as_ptr(&stack).cast()
    }
    fn x509_kept(_keep: &Keep, _slot: &'static str, x: Arc<X509>) -> *mut c_void {
        // The connection or session keeps its peer certificate.
        handle::as_ptr(&x).cast()
    }
    fn x509_stack_kept(_ssl: &Ssl, _slot: &'static str, stack: Arc<OpensslStack>) -> *mut c_void {
        handle::as_ptr(&stack).cast()
    }
    fn x509_ders_kept(keep: &Keep, slot: &'static str, key: usize, ders: &[&[u8]]) -> *mut c_void {
        if let Some(k) = keep.get(slot, key)
            && let Ok(stack) = k.downcast::<OpensslStack>()
        {
            return handle::as_ptr(&stack).cast();
        }
        let certs: Vec<Arc<X509>> = ders
            .iter()
            .filter_map(|d| X509::from_der(d.to_vec()))
            .collect();
        let stack = OpensslStack::of(&certs, |x| Arc::as_ptr(x) as usize);
        keep.put(slot, key, stack.clone());
        handle::as_ptr(&stack).cast()
    }
    fn cipher_stack_out(keep: &Keep, slot: &'static str, stack: Arc<OpensslStack>) -> *mut c_void {
        // Kept as long as the keeper, and the same pointer while the
        // content is unchanged (get0), even if the maker's cache moves on.
        if let Some((_, k)) = keep.any(slot)
            && let Ok(old) = k.downcast::<OpensslStack>()
            && old.addrs() == stack.addrs()
        {
            return handle::as_ptr(&old).cast();
        }
        keep.put(slot, Arc::as_ptr(&stack) as usize, stack.clone());
        handle::as_ptr(&stack).cast()
    }
    fn cipher_stack_new(stack: Arc<OpensslStack>) -> *mut c_void {
        handle::into_raw(stack).cast()
    }
    fn x509_in(p: *mut c_void) -> Option<Arc<X509>> {
        handle::clone_arc(p as *const X509)
    }
    fn x509_stack_in(p: *mut c_void) -> Option<Vec<Arc<X509>>> {
        // The addresses, not `objects()`: a stack the program built with
        // sk_X509_push holds only addresses; each must be a live X509.
        let stack = handle::borrow(p as *const OpensslStack)?;
        let addrs = stack.addrs();
        addrs
            .iter()
            .map(|a| handle::clone_arc(*a as *const X509))
            .collect()
    }
    fn x509_release(p: *mut c_void) {
        handle::release(p as *const X509);
    }
    fn x509_stack_release(p: *mut c_void) {
        super::stack::OPENSSL_sk_pop_free(p.cast(), Some(free_own_x509));
    }
    fn pkey_in(p: *mut c_void) -> Option<LoadedKey> {
        handle::borrow(p as *const EvpPkey).and_then(|k| k.key().cloned())
    }
    fn set_hostflags(ssl: &Ssl, flags: std::os::raw::c_uint) {
        crate::verify::session::with(ssl.verify_session(), |v| v.params.hostflags = flags);
    }
    fn ctlog_store_release(_p: *mut c_void) {}
    fn public_key_out(_spki: &[u8]) -> *mut c_void {
        ptr::null_mut()
    }
    fn ticket_keys(_cb: usize, _hmac: bool) -> Option<Arc<dyn crate::session::TicketKeys>> {
        None
    }
    /// Our own `X509_STORE` (`ffi::x509_store`): set0 takes the
    /// program's reference, set1 adds one; NULL restores the trust store.
    fn verify_store_source(
        current: Arc<dyn crate::verify::RootSource>,
        store: *mut c_void,
        take: bool,
    ) -> Option<Arc<dyn crate::verify::RootSource>> {
        Some(super::x509_store::verify_store_source(
            current,
            store.cast(),
            take,
        ))
    }
    fn pkey_keep_taken(keep: &Keep, slot: &'static str, p: *mut c_void) {
        if let Some(k) = handle::adopt(p as *const EvpPkey) {
            keep.put(slot, 0, k);
        }
    }
    /// Our `RSA` (from `EVP_PKEY_get1_RSA`): the private key it views. A
    /// public key (or anything else) is refused at once with
    /// `ERR_R_PASSED_INVALID_ARGUMENT`.
    fn rsa_in(p: *mut c_void) -> Option<LoadedKey> {
        let key =
            handle::borrow(p as *const crate::x509::RsaKey).and_then(|r| r.pkey().key().cloned());
        if key.is_none() {
            crate::ssl_err!(
                crate::abi::ERR_R_PASSED_INVALID_ARGUMENT,
                "SSL_CTX_use_RSAPrivateKey"
            );
        }
        key
    }
    /// Our own objects: the references handed over are simply ours now.
    fn client_cert_in(x509: *mut c_void, pkey: *mut c_void) -> ClientCertObjects {
        (
            handle::adopt(x509 as *const X509),
            handle::adopt(pkey as *const EvpPkey),
        )
    }
    fn x509_get0(keeps: &[&Keep], home: &Keep, slot: &'static str, der: &[u8]) -> *mut c_void {
        for keep in keeps {
            if let Some((_, kept)) = keep.any(slot)
                && let Ok(x) = kept.downcast::<X509>()
                && x.der() == der
            {
                return handle::as_ptr(&x).cast();
            }
        }
        let Some(x) = X509::from_der(der.to_vec()) else {
            return ptr::null_mut();
        };
        home.put(slot, 0, x.clone());
        handle::as_ptr(&x).cast()
    }
    fn pkey_get0(keeps: &[&Keep], home: &Keep, slot: &'static str, key: &LoadedKey) -> *mut c_void {
        for keep in keeps {
            if let Some((_, kept)) = keep.any(slot)
                && let Ok(k) = kept.downcast::<EvpPkey>()
                && k.key()
                    .is_some_and(|k| k.der.secret_der() == key.der.secret_der())
            {
                return handle::as_ptr(&k).cast();
            }
        }
        let k = EvpPkey::new(key.clone());
        home.put(slot, 0, k.clone());
        handle::as_ptr(&k).cast()
    }
    fn x509_keep_given(keep: &Keep, slot: &'static str, p: *mut c_void) {
        if let Some(x) = handle::clone_arc(p as *const X509) {
            keep.put(slot, 0, x);
        }
    }
    fn pkey_keep_given(keep: &Keep, slot: &'static str, p: *mut c_void, _key: &LoadedKey) {
        if let Some(k) = handle::clone_arc(p as *const EvpPkey) {
            keep.put(slot, 0, k);
        }
    }
    fn new_stack() -> *mut c_void {
        handle::into_raw(OpensslStack::new(Vec::new(), None)).cast()
    }
    /// The stack is ours: the list keeps it, and the names in it are
    /// taken (a certificate's own name pushed there is shared rather than
    /// taken: its certificate owns it).
    fn name_list_in(_keep: &Keep, sk: *mut c_void) -> Arc<NameList> {
        let Some(stack) = handle::adopt(sk as *const OpensslStack) else {
            return Arc::new(NameList::empty());
        };
        let names = stack
            .addrs()
            .into_iter()
            .filter_map(|a| {
                let p = a as *const X509Name;
                match handle::borrow(p)?.is_embedded() {
                    true => handle::clone_arc(p),
                    false => handle::adopt(p),
                }
            })
            .collect();
        Arc::new(NameList::adopt(names, stack))
    }
    /// The list's own stack.
    fn name_list_out(_keeps: &[&Keep], list: &NameList) -> *mut c_void {
        handle::as_ptr(list.stack()).cast()
    }
    fn x509_up_ref(p: *mut c_void) {
        handle::up_ref(p as *const X509);
    }
    fn name_list_dup(sk: *const c_void) -> *mut c_void {
        let Some(stack) = handle::borrow(sk as *const OpensslStack) else {
            return ptr::null_mut();
        };
        let items = stack
            .addrs()
            .into_iter()
            .filter_map(|a| handle::borrow(a as *const X509Name))
            .map(|n| handle::into_raw(Arc::new(n.detached())) as usize)
            .collect();
        handle::into_raw(OpensslStack::new(items, None)).cast()
    }
    fn client_ca_file(path: &str, func: &'static str) -> *mut c_void {
        let Some(certs) = crate::x509::load::read_ca_file(path, func) else {
            return ptr::null_mut();
        };
        // The caller owns the stack and one reference to each name.
        let items = crate::x509::load::distinct_subjects(&certs)
            .into_iter()
            .map(|n| handle::into_raw(n) as usize)
            .collect();
        handle::into_raw(OpensslStack::new(items, None)).cast()
    }
    // We have no EC_KEY object of our own.
    fn ec_key_curve(p: *mut c_void) -> Option<c_int> {
        super::ec_key::curve_of(p.cast())
    }
    fn ctx_created(ctx: &SslCtx) {
        super::verify_param::attach_ctx(ctx);
        super::x509_store::attach(ctx);
    }
    /// The context's `X509_STORE` is its trust store: loads go there.
    fn load_verify_store(ctx: &SslCtx, file: Option<&str>, dir: Option<&str>) -> Option<bool> {
        Some(super::x509_store::load_verify_locations(ctx, file, dir))
    }
    fn default_verify_store(ctx: &SslCtx) -> Option<bool> {
        Some(super::x509_store::default_verify_paths(ctx))
    }
    fn default_verify_location(ctx: &SslCtx, which: DefaultLocation) -> Option<bool> {
        Some(super::x509_store::default_location(ctx, which))
    }
    fn load_verify_uri(ctx: &SslCtx, uri: &CStr) -> Option<bool> {
        Some(match super::x509_store::load_uri(ctx, uri) {
            Ok(ok) => ok,
            Err(errno) => {
                super::verify_store::raise_unopened(errno, "SSL_CTX_load_verify_store");
                false
            }
        })
    }
    fn ssl_created(ssl: &Ssl, ctx: &SslCtx) {
        super::verify_param::attach_ssl(ssl, ctx);
    }
    fn ssl_duplicated(to: &Ssl, from: &Ssl) {
        super::verify_param::inherit_ssl(to, from);
    }
    fn before_handshake(ssl: &Ssl) {
        let starting = ssl.lock().in_before();
        if starting {
            super::verify_param::apply(ssl);
        }
    }
    /// Our own reader (`ctx::read_key`): no decryption, so an encrypted
    /// PEM key is refused and the password callback is never called.
    fn key_file(
        _keep: &Keep,
        _path: &CStr,
        _filetype: c_int,
        _pw: PasswordCb,
        _func: &'static str,
        _accepts: &dyn Fn(&LoadedKey) -> bool,
    ) -> Option<Option<LoadedKey>> {
        None
    }
    fn verify_callback(cb: VerifyFnPtr) -> VerifyCallbackRef {
        super::cert_callbacks::own_verify_callback(cb)
    }
    fn cert_verify_callback(cb: usize, arg: usize) -> crate::callbacks::CertVerifyCallbackRef {
        super::cert_callbacks::own_cert_verify_callback(cb, arg)
    }
    fn store_ctx_ssl_index() -> c_int {
        crate::verify::callback::ssl_index()
    }
    /// Our own static digest (src/ffi/evp_md.rs); NULL for a NULL cipher.
    fn handshake_digest(c: Option<&SslCipher>, _func: &'static str) -> *const EvpMd {
        c.and_then(|c| crate::digest::Md::by_nid(c.handshake_digest_nid()))
            .map_or(ptr::null(), super::evp_md::md_ptr)
    }
    /// Our own reader (`super::pem_io`): no decryption, so the password
    /// callback is never called (a session is never written encrypted).
    fn pem_read(
        src: Stream,
        label: &CStr,
        d2i: D2iFn,
        x: *mut *mut c_void,
        _cb: PemPasswordFn,
        _u: *mut c_void,
        func: &'static str,
    ) -> *mut c_void {
        super::pem_io::pem_read(src, label, d2i, x, func)
    }
    fn pem_write(
        dst: Stream,
        label: &CStr,
        i2d: I2dFn,
        x: *const c_void,
        func: &'static str,
    ) -> c_int {
        super::pem_io::pem_write(dst, label, i2d, x, func)
    }
    fn write_text(dst: Stream, text: &CStr, func: &'static str) -> bool {
        super::pem_io::write_text(dst, text, func)
    }
}
