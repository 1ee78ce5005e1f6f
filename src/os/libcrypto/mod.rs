//! The process's libcrypto 3, for the drop-in flavour (`--features dropin`):
//! declarations of the functions it calls (linked with -lcrypto; prototypes
//! as in OpenSSL 3.0's headers, objects as opaque pointers), and `err`, the
//! core's error queue on libcrypto's. Our own functions of the same names
//! are not exported in this flavour (`#[entry]` exports only libssl's), so
//! these bind to libcrypto's. The drop-in's entry points and objects built on these live
//! in the ffi layer's `libcrypto` module.

#![allow(non_snake_case)]

pub mod err;
pub mod ex_data;

use std::os::raw::{c_char, c_int, c_long, c_uchar, c_uint, c_ulong, c_void};

/// `OPENSSL_sk_freefunc`.
pub type FreeFn = unsafe extern "C" fn(*mut c_void);
/// `OPENSSL_sk_compfunc`: compares two elements, given their addresses.
pub type SkCmpFn = unsafe extern "C" fn(*const c_void, *const c_void) -> c_int;

/// `pem_password_cb`: fills `buf` (of `size` bytes) with the password and
/// returns its length; `rwflag` is 1 when the password is to encrypt.
pub type PemPasswordCb = unsafe extern "C" fn(*mut c_char, c_int, c_int, *mut c_void) -> c_int;

/// `d2i_of_void` and `i2d_of_void` (pem.h).
pub type D2i = unsafe extern "C" fn(*mut *mut c_void, *mut *const c_uchar, c_long) -> *mut c_void;
pub type I2d = unsafe extern "C" fn(*const c_void, *mut *mut c_uchar) -> c_int;
/// `BIO_info_cb`.
pub type BioInfoCb = unsafe extern "C" fn(*mut c_void, c_int, c_int) -> c_int;
/// The `BIO_METHOD` callbacks `BIO_meth_set_*` take.
pub type BioWriteEx = unsafe extern "C" fn(*mut c_void, *const c_char, usize, *mut usize) -> c_int;
pub type BioReadEx = unsafe extern "C" fn(*mut c_void, *mut c_char, usize, *mut usize) -> c_int;
pub type BioPuts = unsafe extern "C" fn(*mut c_void, *const c_char) -> c_int;
pub type BioCtrl = unsafe extern "C" fn(*mut c_void, c_int, c_long, *mut c_void) -> c_long;
pub type BioLife = unsafe extern "C" fn(*mut c_void) -> c_int;
pub type BioCallbackCtrl = unsafe extern "C" fn(*mut c_void, c_int, Option<BioInfoCb>) -> c_long;

/// `BIO_C_SET_FILENAME` with `BIO_CLOSE | BIO_FP_READ`: `BIO_read_filename`.
pub const BIO_C_SET_FILENAME: c_int = 108;
pub const BIO_CLOSE_FP_READ: c_long = 0x01 | 0x02;

/// `X509_LOOKUP_ctrl` commands and `X509_FILETYPE_DEFAULT` (x509_vfy.h).
pub const X509_L_FILE_LOAD: c_int = 1;
pub const X509_L_ADD_DIR: c_int = 2;
pub const X509_L_ADD_STORE: c_int = 3;
pub const X509_FILETYPE_DEFAULT: c_long = 3;

/// `X509_LU_X509`: an `X509_OBJECT` holding a certificate.
pub const X509_LU_X509: c_int = 1;
/// `X509_LU_CRL`: an `X509_OBJECT` holding a CRL.
pub const X509_LU_CRL: c_int = 2;

/// `ERR_STRING_DATA`.
#[repr(C)]
pub struct ErrStringData {
    pub error: c_ulong,
    pub string: *const c_char,
}

unsafe extern "C" {
    pub fn ERR_load_strings_const(table: *const ErrStringData) -> c_int;
    pub fn ERR_new();
    pub fn ERR_set_debug(file: *const c_char, line: c_int, func: *const c_char);
    pub fn ERR_set_error(lib: c_int, reason: c_int, fmt: *const c_char, ...);
    pub fn ERR_get_error_all(
        file: *mut *const c_char,
        line: *mut c_int,
        func: *mut *const c_char,
        data: *mut *const c_char,
        flags: *mut c_int,
    ) -> c_ulong;
    pub fn ERR_peek_error_all(
        file: *mut *const c_char,
        line: *mut c_int,
        func: *mut *const c_char,
        data: *mut *const c_char,
        flags: *mut c_int,
    ) -> c_ulong;
    pub fn ERR_peek_last_error_all(
        file: *mut *const c_char,
        line: *mut c_int,
        func: *mut *const c_char,
        data: *mut *const c_char,
        flags: *mut c_int,
    ) -> c_ulong;
    pub fn ERR_clear_error();
    pub fn ERR_set_mark() -> c_int;
    pub fn ERR_pop_to_mark() -> c_int;
    pub fn ERR_clear_last_mark() -> c_int;

    pub fn BIO_read(b: *mut c_void, data: *mut c_void, dlen: c_int) -> c_int;
    pub fn BIO_write(b: *mut c_void, data: *const c_void, dlen: c_int) -> c_int;
    pub fn BIO_ctrl(b: *mut c_void, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    pub fn BIO_test_flags(b: *const c_void, flags: c_int) -> c_int;
    pub fn BIO_find_type(b: *mut c_void, bio_type: c_int) -> *mut c_void;
    pub fn BIO_method_type(b: *const c_void) -> c_int;
    pub fn CTLOG_STORE_free(store: *mut c_void);

    pub fn EVP_CIPHER_CTX_new() -> *mut c_void;
    pub fn EVP_CIPHER_CTX_free(c: *mut c_void);
    pub fn EVP_CIPHER_CTX_get_iv_length(c: *const c_void) -> c_int;
    pub fn EVP_EncryptUpdate(
        c: *mut c_void,
        out: *mut c_uchar,
        outl: *mut c_int,
        input: *const c_uchar,
        inl: c_int,
    ) -> c_int;
    pub fn EVP_EncryptFinal_ex(c: *mut c_void, out: *mut c_uchar, outl: *mut c_int) -> c_int;
    pub fn EVP_DecryptUpdate(
        c: *mut c_void,
        out: *mut c_uchar,
        outl: *mut c_int,
        input: *const c_uchar,
        inl: c_int,
    ) -> c_int;
    pub fn EVP_DecryptFinal_ex(c: *mut c_void, out: *mut c_uchar, outl: *mut c_int) -> c_int;
    pub fn EVP_MAC_fetch(
        libctx: *mut c_void,
        name: *const c_char,
        props: *const c_char,
    ) -> *mut c_void;
    pub fn EVP_MAC_free(mac: *mut c_void);
    pub fn EVP_MAC_CTX_new(mac: *mut c_void) -> *mut c_void;
    pub fn EVP_MAC_CTX_free(c: *mut c_void);
    pub fn EVP_MAC_CTX_get_mac_size(c: *mut c_void) -> usize;
    pub fn EVP_MAC_update(c: *mut c_void, data: *const c_uchar, len: usize) -> c_int;
    pub fn EVP_MAC_final(c: *mut c_void, out: *mut c_uchar, outl: *mut usize, size: usize)
    -> c_int;
    pub fn HMAC_CTX_new() -> *mut c_void;
    pub fn HMAC_CTX_free(c: *mut c_void);
    pub fn HMAC_size(c: *const c_void) -> usize;
    pub fn HMAC_Update(c: *mut c_void, data: *const c_uchar, len: usize) -> c_int;
    pub fn HMAC_Final(c: *mut c_void, md: *mut c_uchar, len: *mut c_uint) -> c_int;
    pub fn CRYPTO_memcmp(a: *const c_void, b: *const c_void, len: usize) -> c_int;
    pub fn BIO_method_name(b: *const c_void) -> *const c_char;
    pub fn BIO_free(b: *mut c_void) -> c_int;
    pub fn BIO_free_all(b: *mut c_void);
    pub fn BIO_up_ref(b: *mut c_void) -> c_int;
    pub fn BIO_new_socket(sock: c_int, close_flag: c_int) -> *mut c_void;
    pub fn BIO_new(method: *const c_void) -> *mut c_void;
    pub fn BIO_s_mem() -> *const c_void;
    pub fn BIO_meth_free(m: *mut c_void);
    pub fn BIO_s_file() -> *const c_void;
    pub fn BIO_new_fp(stream: *mut libc::FILE, close_flag: c_int) -> *mut c_void;
    pub fn BIO_puts(b: *mut c_void, buf: *const c_char) -> c_int;
    pub fn BIO_s_connect() -> *const c_void;
    pub fn BIO_f_buffer() -> *const c_void;
    pub fn BIO_push(b: *mut c_void, append: *mut c_void) -> *mut c_void;
    pub fn BIO_next(b: *mut c_void) -> *mut c_void;
    pub fn BIO_set_next(b: *mut c_void, next: *mut c_void);
    pub fn BIO_get_data(b: *mut c_void) -> *mut c_void;
    pub fn BIO_set_data(b: *mut c_void, ptr: *mut c_void);
    pub fn BIO_get_init(b: *mut c_void) -> c_int;
    pub fn BIO_set_init(b: *mut c_void, init: c_int);
    pub fn BIO_get_shutdown(b: *mut c_void) -> c_int;
    pub fn BIO_set_shutdown(b: *mut c_void, shut: c_int);
    pub fn BIO_set_flags(b: *mut c_void, flags: c_int);
    pub fn BIO_clear_flags(b: *mut c_void, flags: c_int);
    pub fn BIO_get_retry_reason(b: *mut c_void) -> c_int;
    pub fn BIO_set_retry_reason(b: *mut c_void, reason: c_int);
    pub fn BIO_copy_next_retry(b: *mut c_void);
    pub fn BIO_callback_ctrl(b: *mut c_void, cmd: c_int, fp: Option<BioInfoCb>) -> c_long;
    pub fn BIO_meth_new(ty: c_int, name: *const c_char) -> *mut c_void;
    pub fn BIO_meth_set_write_ex(m: *mut c_void, f: Option<BioWriteEx>) -> c_int;
    pub fn BIO_meth_set_read_ex(m: *mut c_void, f: Option<BioReadEx>) -> c_int;
    pub fn BIO_meth_set_puts(m: *mut c_void, f: Option<BioPuts>) -> c_int;
    pub fn BIO_meth_set_ctrl(m: *mut c_void, f: Option<BioCtrl>) -> c_int;
    pub fn BIO_meth_set_create(m: *mut c_void, f: Option<BioLife>) -> c_int;
    pub fn BIO_meth_set_destroy(m: *mut c_void, f: Option<BioLife>) -> c_int;
    pub fn BIO_meth_set_callback_ctrl(m: *mut c_void, f: Option<BioCallbackCtrl>) -> c_int;

    pub fn d2i_X509(px: *mut *mut c_void, input: *mut *const c_uchar, len: c_long) -> *mut c_void;
    pub fn i2d_X509(x: *const c_void, out: *mut *mut c_uchar) -> c_int;
    pub fn X509_free(x: *mut c_void);
    pub fn EC_KEY_get0_group(key: *const c_void) -> *const c_void;
    pub fn EC_GROUP_get_curve_name(group: *const c_void) -> c_int;

    pub fn EVP_PKEY2PKCS8(pkey: *const c_void) -> *mut c_void;
    pub fn i2d_PKCS8_PRIV_KEY_INFO(p8: *const c_void, out: *mut *mut c_uchar) -> c_int;
    pub fn i2d_RSAPrivateKey(rsa: *const c_void, out: *mut *mut c_uchar) -> c_int;
    pub fn PKCS8_PRIV_KEY_INFO_free(p8: *mut c_void);

    pub fn OPENSSL_sk_new_null() -> *mut c_void;
    pub fn OPENSSL_sk_push(st: *mut c_void, data: *const c_void) -> c_int;
    pub fn OPENSSL_sk_free(st: *mut c_void);
    pub fn OPENSSL_sk_pop_free(st: *mut c_void, f: Option<FreeFn>);
    pub fn OPENSSL_sk_deep_copy(
        st: *const c_void,
        copy: Option<unsafe extern "C" fn(*const c_void) -> *mut c_void>,
        free: Option<FreeFn>,
    ) -> *mut c_void;
    pub fn OPENSSL_sk_num(st: *const c_void) -> c_int;
    pub fn OPENSSL_sk_value(st: *const c_void, i: c_int) -> *mut c_void;
    pub fn OPENSSL_sk_set_cmp_func(st: *mut c_void, cmp: Option<SkCmpFn>) -> Option<SkCmpFn>;
    pub fn OPENSSL_sk_find(st: *mut c_void, data: *const c_void) -> c_int;

    pub fn X509_VERIFY_PARAM_new() -> *mut c_void;
    pub fn X509_VERIFY_PARAM_free(p: *mut c_void);
    pub fn X509_VERIFY_PARAM_inherit(to: *mut c_void, from: *const c_void) -> c_int;
    pub fn X509_VERIFY_PARAM_set1(to: *mut c_void, from: *const c_void) -> c_int;
    pub fn X509_VERIFY_PARAM_get0_host(p: *mut c_void, idx: c_int) -> *mut c_char;
    pub fn X509_VERIFY_PARAM_add1_host(p: *mut c_void, name: *const c_char, len: usize) -> c_int;
    pub fn X509_VERIFY_PARAM_set1_host(p: *mut c_void, name: *const c_char, len: usize) -> c_int;
    pub fn X509_VERIFY_PARAM_set1_ip(p: *mut c_void, ip: *const c_uchar, len: usize) -> c_int;
    pub fn X509_VERIFY_PARAM_get1_ip_asc(p: *mut c_void) -> *mut c_char;
    pub fn X509_VERIFY_PARAM_set1_ip_asc(p: *mut c_void, ipasc: *const c_char) -> c_int;
    pub fn X509_VERIFY_PARAM_set_depth(p: *mut c_void, depth: c_int);
    pub fn X509_VERIFY_PARAM_get_depth(p: *const c_void) -> c_int;
    pub fn X509_VERIFY_PARAM_get_flags(p: *const c_void) -> c_ulong;
    pub fn X509_VERIFY_PARAM_get_hostflags(p: *const c_void) -> c_uint;
    pub fn X509_VERIFY_PARAM_set_hostflags(p: *mut c_void, flags: c_uint);
    pub fn CRYPTO_free(p: *mut c_void, file: *const c_char, line: c_int);

    pub fn X509_STORE_new() -> *mut c_void;
    pub fn X509_STORE_free(s: *mut c_void);
    pub fn X509_STORE_up_ref(s: *mut c_void) -> c_int;
    pub fn X509_STORE_get0_objects(s: *mut c_void) -> *mut c_void;
    pub fn X509_STORE_load_file(s: *mut c_void, file: *const c_char) -> c_int;
    pub fn X509_STORE_load_path(s: *mut c_void, path: *const c_char) -> c_int;
    pub fn X509_STORE_set_default_paths(s: *mut c_void) -> c_int;
    pub fn X509_STORE_get0_param(s: *const c_void) -> *mut c_void;
    pub fn X509_STORE_load_store(s: *mut c_void, uri: *const c_char) -> c_int;
    pub fn X509_STORE_add_lookup(s: *mut c_void, m: *mut c_void) -> *mut c_void;
    pub fn X509_LOOKUP_file() -> *mut c_void;
    pub fn X509_LOOKUP_hash_dir() -> *mut c_void;
    pub fn X509_LOOKUP_store() -> *mut c_void;
    pub fn X509_LOOKUP_ctrl(
        l: *mut c_void,
        cmd: c_int,
        argc: *const c_char,
        argl: c_long,
        ret: *mut *mut c_char,
    ) -> c_int;
    pub fn X509_OBJECT_get_type(o: *const c_void) -> c_int;
    pub fn X509_OBJECT_get0_X509(o: *const c_void) -> *mut c_void;
    pub fn X509_OBJECT_get0_X509_CRL(o: *const c_void) -> *mut c_void;
    pub fn i2d_X509_CRL(crl: *const c_void, out: *mut *mut c_uchar) -> c_int;
    pub fn X509_CRL_free(crl: *mut c_void);
    pub fn X509_get_issuer_name(x: *const c_void) -> *mut c_void;
    pub fn X509_STORE_CTX_get_by_subject(
        ctx: *const c_void,
        ty: c_int,
        name: *const c_void,
        ret: *mut c_void,
    ) -> c_int;
    pub fn X509_OBJECT_new() -> *mut c_void;
    pub fn X509_OBJECT_free(o: *mut c_void);
    pub fn X509_STORE_CTX_get1_crls(ctx: *mut c_void, name: *const c_void) -> *mut c_void;

    pub fn X509_up_ref(x: *mut c_void) -> c_int;
    pub fn X509_STORE_CTX_new() -> *mut c_void;
    pub fn X509_STORE_CTX_free(ctx: *mut c_void);
    pub fn X509_STORE_CTX_init(
        ctx: *mut c_void,
        store: *mut c_void,
        x509: *mut c_void,
        chain: *mut c_void,
    ) -> c_int;
    pub fn X509_STORE_CTX_set0_verified_chain(ctx: *mut c_void, sk: *mut c_void);
    pub fn X509_STORE_CTX_set_error(ctx: *mut c_void, e: c_int);
    pub fn X509_STORE_CTX_get_error(ctx: *mut c_void) -> c_int;
    pub fn X509_STORE_CTX_set_error_depth(ctx: *mut c_void, depth: c_int);
    pub fn X509_STORE_CTX_set_current_cert(ctx: *mut c_void, x: *mut c_void);
    pub fn X509_STORE_CTX_set_ex_data(ctx: *mut c_void, idx: c_int, arg: *mut c_void) -> c_int;
    pub fn X509_STORE_CTX_set_verify_cb(
        ctx: *mut c_void,
        cb: Option<unsafe extern "C" fn(c_int, *mut c_void) -> c_int>,
    );
    pub fn X509_STORE_CTX_get0_param(ctx: *mut c_void) -> *mut c_void;
    pub fn X509_STORE_CTX_set_default(ctx: *mut c_void, name: *const c_char) -> c_int;
    pub fn CRYPTO_get_ex_new_index(
        class_index: c_int,
        argl: c_long,
        argp: *mut c_void,
        new_func: *mut c_void,
        dup_func: *mut c_void,
        free_func: *mut c_void,
    ) -> c_int;
    pub fn CRYPTO_new_ex_data(class_index: c_int, obj: *mut c_void, ad: *mut c_void) -> c_int;
    pub fn CRYPTO_free_ex_data(class_index: c_int, obj: *mut c_void, ad: *mut c_void);
    pub fn CRYPTO_dup_ex_data(class_index: c_int, to: *mut c_void, from: *const c_void) -> c_int;
    pub fn CRYPTO_set_ex_data(ad: *mut c_void, idx: c_int, val: *mut c_void) -> c_int;
    pub fn CRYPTO_get_ex_data(ad: *const c_void, idx: c_int) -> *mut c_void;

    pub fn d2i_X509_NAME(
        px: *mut *mut c_void,
        input: *mut *const c_uchar,
        len: c_long,
    ) -> *mut c_void;
    pub fn i2d_X509_NAME(x: *const c_void, out: *mut *mut c_uchar) -> c_int;
    pub fn X509_NAME_free(x: *mut c_void);
    pub fn X509_NAME_dup(x: *const c_void) -> *mut c_void;
    pub fn X509_NAME_cmp(a: *const c_void, b: *const c_void) -> c_int;

    pub fn d2i_PUBKEY(a: *mut *mut c_void, pp: *mut *const c_uchar, len: c_long) -> *mut c_void;
    pub fn d2i_AutoPrivateKey(
        a: *mut *mut c_void,
        pp: *mut *const c_uchar,
        length: c_long,
    ) -> *mut c_void;
    pub fn PEM_read_bio_PrivateKey(
        bp: *mut c_void,
        x: *mut *mut c_void,
        cb: Option<PemPasswordCb>,
        u: *mut c_void,
    ) -> *mut c_void;
    pub fn PEM_ASN1_read_bio(
        d2i: D2i,
        name: *const c_char,
        bp: *mut c_void,
        x: *mut *mut c_void,
        cb: Option<PemPasswordCb>,
        u: *mut c_void,
    ) -> *mut c_void;
    pub fn PEM_ASN1_read(
        d2i: D2i,
        name: *const c_char,
        fp: *mut libc::FILE,
        x: *mut *mut c_void,
        cb: Option<PemPasswordCb>,
        u: *mut c_void,
    ) -> *mut c_void;
    pub fn PEM_ASN1_write_bio(
        i2d: I2d,
        name: *const c_char,
        bp: *mut c_void,
        x: *const c_void,
        enc: *const c_void,
        kstr: *const c_uchar,
        klen: c_int,
        cb: Option<PemPasswordCb>,
        u: *mut c_void,
    ) -> c_int;
    pub fn PEM_ASN1_write(
        i2d: I2d,
        name: *const c_char,
        fp: *mut libc::FILE,
        x: *const c_void,
        enc: *const c_void,
        kstr: *const c_uchar,
        klen: c_int,
        cb: Option<PemPasswordCb>,
        u: *mut c_void,
    ) -> c_int;
    pub fn d2i_PrivateKey_bio(bp: *mut c_void, a: *mut *mut c_void) -> *mut c_void;
    pub fn EVP_PKEY_free(k: *mut c_void);
    pub fn EVP_get_digestbyname(name: *const c_char) -> *const c_void;
    pub fn EVP_PKEY_up_ref(k: *mut c_void) -> c_int;

    // OSSL_STORE (store.h), for SSL_add_store_cert_subjects_to_stack.
    pub fn OSSL_STORE_open(
        uri: *const c_char,
        ui_method: *const c_void,
        ui_data: *mut c_void,
        post_process: *const c_void,
        post_process_data: *mut c_void,
    ) -> *mut c_void;
    pub fn OSSL_STORE_load(ctx: *mut c_void) -> *mut c_void;
    pub fn OSSL_STORE_eof(ctx: *mut c_void) -> c_int;
    pub fn OSSL_STORE_error(ctx: *mut c_void) -> c_int;
    pub fn OSSL_STORE_close(ctx: *mut c_void) -> c_int;
    pub fn OSSL_STORE_INFO_get_type(info: *const c_void) -> c_int;
    pub fn OSSL_STORE_INFO_get0_NAME(info: *const c_void) -> *const c_char;
    pub fn OSSL_STORE_INFO_get0_CERT(info: *const c_void) -> *mut c_void;
    pub fn OSSL_STORE_INFO_free(info: *mut c_void);
    pub fn X509_get_subject_name(x: *const c_void) -> *mut c_void;
}

/// `OSSL_STORE_INFO_NAME` and `OSSL_STORE_INFO_CERT` (store.h).
pub const OSSL_STORE_INFO_NAME: c_int = 1;
pub const OSSL_STORE_INFO_CERT: c_int = 5;
