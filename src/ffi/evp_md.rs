//! `EVP_MD` and `EVP_MD_CTX` entry points of the standalone flavour
//! (evp.h): SHA-1 and SHA-2 digests (src/digest.rs). The drop-in
//! flavour's are libcrypto's.
//!
//! An `EVP_MD*` is one of five static objects, never freed.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_uchar, c_uint, c_void};
use std::ptr;
use std::sync::Arc;

use super::absent::Engine;
use super::cipher::EvpMd;
use super::handle::{self, Handle};
use crate::digest::{DigestCtx, Md};

/// The object behind a standalone `EVP_MD*`.
#[repr(C)]
pub struct MdObject {
    magic: u64,
    md: Md,
}

const MD_MAGIC: u64 = 0x5353_4c53_4556_4d44; // "SSLSEVMD"

// SAFETY: `#[repr(C)]` with the `u64` magic first; the objects are static.
unsafe impl Handle for MdObject {
    const MAGIC: u64 = MD_MAGIC;
    fn magic(&self) -> u64 {
        self.magic
    }
}

static SHA1: MdObject = MdObject {
    magic: MD_MAGIC,
    md: Md::Sha1,
};
static SHA224: MdObject = MdObject {
    magic: MD_MAGIC,
    md: Md::Sha224,
};
static SHA256: MdObject = MdObject {
    magic: MD_MAGIC,
    md: Md::Sha256,
};
static SHA384: MdObject = MdObject {
    magic: MD_MAGIC,
    md: Md::Sha384,
};
static SHA512: MdObject = MdObject {
    magic: MD_MAGIC,
    md: Md::Sha512,
};

/// The static `EVP_MD*` of a digest.
pub fn md_ptr(md: Md) -> *const EvpMd {
    let o: &'static MdObject = match md {
        Md::Sha1 => &SHA1,
        Md::Sha224 => &SHA224,
        Md::Sha256 => &SHA256,
        Md::Sha384 => &SHA384,
        Md::Sha512 => &SHA512,
    };
    (o as *const MdObject).cast()
}

/// The digest an `EVP_MD*` is (`None` for NULL or a foreign pointer).
pub fn md_of(p: *const EvpMd) -> Option<Md> {
    handle::borrow(p.cast::<MdObject>()).map(|o| o.md)
}

// SAFETY: `DigestCtx` is `#[repr(C)]` with its `u64` magic first, set at
// construction and never changed.
unsafe impl Handle for DigestCtx {
    const MAGIC: u64 = DigestCtx::MAGIC;
    fn magic(&self) -> u64 {
        DigestCtx::magic(self)
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_sha1() -> *const EvpMd {
    md_ptr(Md::Sha1)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_sha224() -> *const EvpMd {
    md_ptr(Md::Sha224)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_sha256() -> *const EvpMd {
    md_ptr(Md::Sha256)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_sha384() -> *const EvpMd {
    md_ptr(Md::Sha384)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_sha512() -> *const EvpMd {
    md_ptr(Md::Sha512)
}

/// NULL for a name that is not one of our digests (MD5 among them).
#[entry(limitation = "SHA-1 and SHA-2 only: other names (MD5, SHA-3...) give NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_get_digestbyname(name: *const c_char) -> *const EvpMd {
    handle::c_str(name)
        .and_then(Md::by_name)
        .map_or(ptr::null(), md_ptr)
}

/// -1 for NULL, as OpenSSL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_MD_get_size(md: *const EvpMd) -> c_int {
    md_of(md).map_or(-1, |m| m.size() as c_int)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_MD_get_block_size(md: *const EvpMd) -> c_int {
    md_of(md).map_or(-1, |m| m.block_size() as c_int)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_MD_get_type(md: *const EvpMd) -> c_int {
    md_of(md).map_or(0, Md::nid)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_MD_CTX_new() -> *mut DigestCtx {
    handle::into_raw(Arc::new(DigestCtx::new()))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_MD_CTX_free(ctx: *mut DigestCtx) {
    handle::release(ctx);
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_MD_CTX_reset(ctx: *mut DigestCtx) -> c_int {
    handle::borrow(ctx).map_or(0, |c| {
        c.reset();
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_MD_CTX_get0_md(ctx: *const DigestCtx) -> *const EvpMd {
    handle::borrow(ctx)
        .and_then(DigestCtx::md)
        .map_or(ptr::null(), md_ptr)
}

/// The 1.1 name of `EVP_MD_CTX_get0_md`, still a function in OpenSSL 3.0.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_MD_CTX_md(ctx: *const DigestCtx) -> *const EvpMd {
    EVP_MD_CTX_get0_md(ctx)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_MD_CTX_copy_ex(out: *mut DigestCtx, input: *const DigestCtx) -> c_int {
    match (handle::borrow(out), handle::borrow(input)) {
        (Some(o), Some(i)) => c_int::from(o.copy_from(i)),
        _ => 0,
    }
}

/// Starts `type_` (or again the context's digest when NULL); `impl_` (an
/// engine) is ignored: there are none.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_DigestInit_ex(
    ctx: *mut DigestCtx,
    type_: *const EvpMd,
    _impl: *mut Engine,
) -> c_int {
    let Some(c) = handle::borrow(ctx) else {
        return 0;
    };
    if !type_.is_null() && md_of(type_).is_none() {
        return 0;
    }
    c_int::from(c.init(md_of(type_)))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_DigestInit(ctx: *mut DigestCtx, type_: *const EvpMd) -> c_int {
    EVP_DigestInit_ex(ctx, type_, ptr::null_mut())
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn EVP_DigestUpdate(
    ctx: *mut DigestCtx,
    d: *const c_void,
    cnt: usize,
) -> c_int {
    let Some(c) = handle::borrow(ctx) else {
        return 0;
    };
    let data: &[u8] = if cnt == 0 {
        &[]
    } else if d.is_null() {
        return 0;
    } else {
        // SAFETY: the caller passes `cnt` readable bytes at `d`.
        unsafe { std::slice::from_raw_parts(d.cast(), cnt) }
    };
    c_int::from(c.update(data))
}

/// Writes the value (`EVP_MD_get_size` bytes) to `md` and its length to
/// `*s` when given.
fn write_out(value: &[u8], md: *mut c_uchar, s: *mut c_uint) -> c_int {
    if md.is_null() {
        return 0;
    }
    // SAFETY: the caller's buffer holds at least EVP_MD_get_size bytes
    // (EVP_MAX_MD_SIZE by convention).
    unsafe { ptr::copy_nonoverlapping(value.as_ptr(), md, value.len()) };
    if !s.is_null() {
        // SAFETY: a non-NULL `s` points to the caller's unsigned int.
        unsafe { s.write(value.len() as c_uint) };
    }
    1
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn EVP_DigestFinal_ex(
    ctx: *mut DigestCtx,
    md: *mut c_uchar,
    s: *mut c_uint,
) -> c_int {
    handle::borrow(ctx)
        .and_then(DigestCtx::finish)
        .map_or(0, |v| write_out(&v, md, s))
}

/// As `EVP_DigestFinal_ex`, then the context is reset.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn EVP_DigestFinal(
    ctx: *mut DigestCtx,
    md: *mut c_uchar,
    s: *mut c_uint,
) -> c_int {
    let Some(c) = handle::borrow(ctx) else {
        return 0;
    };
    let r = c.finish().map_or(0, |v| write_out(&v, md, s));
    c.reset();
    r
}

/// One call: the digest of `count` bytes at `data`.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn EVP_Digest(
    data: *const c_void,
    count: usize,
    md: *mut c_uchar,
    size: *mut c_uint,
    type_: *const EvpMd,
    _impl: *mut Engine,
) -> c_int {
    let Some(m) = md_of(type_) else {
        return 0;
    };
    let bytes: &[u8] = if count == 0 {
        &[]
    } else if data.is_null() {
        return 0;
    } else {
        // SAFETY: the caller passes `count` readable bytes at `data`.
        unsafe { std::slice::from_raw_parts(data.cast(), count) }
    };
    write_out(&crate::digest::oneshot(m, bytes), md, size)
}

/// `X509_digest`: the digest of the certificate's DER (a fingerprint) in
/// `md`, its length in `*len` when given.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_digest(
    data: *const crate::x509::X509,
    type_: *const EvpMd,
    md: *mut c_uchar,
    len: *mut c_uint,
) -> c_int {
    match (handle::borrow(data), md_of(type_)) {
        (Some(x), Some(m)) => write_out(&crate::digest::oneshot(m, x.der()), md, len),
        _ => 0,
    }
}
