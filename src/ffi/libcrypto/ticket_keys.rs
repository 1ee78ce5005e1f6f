//! The program's session ticket key callback in the drop-in flavour
//! (`SSL_CTX_set_tlsext_ticket_key_evp_cb`, and the `HMAC_CTX` one of
//! `SSL_CTX_set_tlsext_ticket_key_cb`): tickets in OpenSSL's format, made
//! with the cipher and MAC the callback sets up on libcrypto's contexts,
//! so servers sharing the program's keys (haproxy's tls-ticket-keys,
//! lighttpd's stek-file, nginx's ssl_session_ticket_key) resume each
//! other's and their own tickets across restarts, as on OpenSSL.
//!
//! Format (OpenSSL's construct_new_session_ticket / tls_decrypt_ticket):
//! key_name (16) | IV (the cipher's IV length) | encrypted session | MAC
//! of everything before it.

use std::os::raw::{c_int, c_uchar, c_uint, c_void};
use std::ptr;

use super::sys;
use crate::session::TicketKeys;

/// The callback, with the fifth argument as libcrypto's context pointer.
pub type TicketKeyFn = unsafe extern "C" fn(
    *mut c_void,
    *mut c_uchar,
    *mut c_uchar,
    *mut c_void,
    *mut c_void,
    c_int,
) -> c_int;

/// OpenSSL's TLSEXT_KEYNAME_LENGTH and EVP_MAX_IV_LENGTH.
const KEY_NAME: usize = 16;
const MAX_IV: usize = 16;
/// EVP_MAX_BLOCK_LENGTH and EVP_MAX_MD_SIZE.
const MAX_BLOCK: usize = 32;
const MAX_MD: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacKind {
    /// `EVP_MAC_CTX` (OpenSSL 3's callback).
    EvpMac,
    /// `HMAC_CTX` (the deprecated callback).
    Hmac,
}

#[derive(Debug)]
pub struct CTicketKeys {
    /// The callback's address (a `TicketKeyFn`; `SSL_CTX_callback_ctrl`
    /// hands it over as a generic function pointer).
    pub cb: usize,
    pub mac: MacKind,
}

impl CTicketKeys {
    fn call(
        &self,
        ssl: usize,
        name: &mut [u8],
        iv: &mut [u8],
        ctx: &Contexts,
        enc: c_int,
    ) -> c_int {
        // SAFETY: `cb` is the non-NULL address of the program's callback of
        // this type (both setters take exactly this signature, the fifth
        // argument being the MAC context of `mac`'s kind).
        let f = unsafe { std::mem::transmute::<usize, TicketKeyFn>(self.cb) };
        // SAFETY: OpenSSL's arguments: the SSL, 16 writable bytes for the
        // key name, EVP_MAX_IV_LENGTH for the IV, live contexts.
        unsafe {
            f(
                ssl as *mut c_void,
                name.as_mut_ptr(),
                iv.as_mut_ptr(),
                ctx.cipher,
                ctx.mac,
                enc,
            )
        }
    }
}

/// The cipher and MAC contexts of one callback call, freed on drop.
struct Contexts {
    cipher: *mut c_void,
    mac: *mut c_void,
    kind: MacKind,
}

impl Contexts {
    fn new(kind: MacKind) -> Option<Contexts> {
        // SAFETY: constructors without arguments but the MAC's name (a
        // NUL-terminated literal); each returns a new object or NULL.
        let ctx = unsafe {
            let cipher = sys::EVP_CIPHER_CTX_new();
            let mac = match kind {
                MacKind::Hmac => sys::HMAC_CTX_new(),
                MacKind::EvpMac => {
                    let m = sys::EVP_MAC_fetch(ptr::null_mut(), c"HMAC".as_ptr(), ptr::null());
                    let c = if m.is_null() {
                        ptr::null_mut()
                    } else {
                        sys::EVP_MAC_CTX_new(m)
                    };
                    // The context keeps its own reference to the MAC.
                    sys::EVP_MAC_free(m);
                    c
                }
            };
            Contexts { cipher, mac, kind }
        };
        (!ctx.cipher.is_null() && !ctx.mac.is_null()).then_some(ctx)
    }

    fn mac_size(&self) -> usize {
        // SAFETY: a live context of that kind.
        unsafe {
            match self.kind {
                MacKind::Hmac => sys::HMAC_size(self.mac),
                MacKind::EvpMac => sys::EVP_MAC_CTX_get_mac_size(self.mac),
            }
        }
    }

    fn iv_len(&self) -> Option<usize> {
        // SAFETY: a live cipher context.
        let n = unsafe { sys::EVP_CIPHER_CTX_get_iv_length(self.cipher) };
        usize::try_from(n).ok().filter(|n| *n <= MAX_IV)
    }

    /// The MAC of `data`, with the key the callback set.
    fn mac(&self, data: &[u8]) -> Option<Vec<u8>> {
        let mut md = [0u8; MAX_MD];
        // SAFETY: a live MAC context keyed by the callback; `data` is
        // readable for its length; `md` has room for any digest.
        let len = unsafe {
            match self.kind {
                MacKind::Hmac => {
                    let mut n: c_uint = 0;
                    (sys::HMAC_Update(self.mac, data.as_ptr(), data.len()) == 1
                        && sys::HMAC_Final(self.mac, md.as_mut_ptr(), &mut n) == 1)
                        .then_some(n as usize)
                }
                MacKind::EvpMac => {
                    let mut n = 0usize;
                    (sys::EVP_MAC_update(self.mac, data.as_ptr(), data.len()) == 1
                        && sys::EVP_MAC_final(self.mac, md.as_mut_ptr(), &mut n, md.len()) == 1)
                        .then_some(n)
                }
            }
        }?;
        md.get(..len).map(<[u8]>::to_vec)
    }

    /// Encrypts or decrypts `input` with the cipher the callback set.
    fn crypt(&self, input: &[u8], encrypt: bool) -> Option<Vec<u8>> {
        let inl = c_int::try_from(input.len()).ok()?;
        let mut out = vec![0u8; input.len() + MAX_BLOCK];
        let (mut a, mut b): (c_int, c_int) = (0, 0);
        // SAFETY: a live cipher context initialised by the callback;
        // `out` has room for the input plus one block, the most an update
        // and a final write together.
        let ok = unsafe {
            if encrypt {
                sys::EVP_EncryptUpdate(self.cipher, out.as_mut_ptr(), &mut a, input.as_ptr(), inl)
                    == 1
                    && sys::EVP_EncryptFinal_ex(
                        self.cipher,
                        out.as_mut_ptr().add(a as usize),
                        &mut b,
                    ) == 1
            } else {
                sys::EVP_DecryptUpdate(self.cipher, out.as_mut_ptr(), &mut a, input.as_ptr(), inl)
                    == 1
                    && sys::EVP_DecryptFinal_ex(
                        self.cipher,
                        out.as_mut_ptr().add(a as usize),
                        &mut b,
                    ) == 1
            }
        };
        let n = usize::try_from(a).ok()? + usize::try_from(b).ok()?;
        (ok && n <= out.len()).then(|| {
            out.truncate(n);
            out
        })
    }
}

impl Drop for Contexts {
    fn drop(&mut self) {
        // SAFETY: we own both contexts (NULL is a no-op for each free).
        unsafe {
            sys::EVP_CIPHER_CTX_free(self.cipher);
            match self.kind {
                MacKind::Hmac => sys::HMAC_CTX_free(self.mac),
                MacKind::EvpMac => sys::EVP_MAC_CTX_free(self.mac),
            }
        }
    }
}

impl TicketKeys for CTicketKeys {
    fn seal(&self, ssl: usize, plain: &[u8]) -> Option<Vec<u8>> {
        let ctx = Contexts::new(self.mac)?;
        let mut name = [0u8; KEY_NAME];
        let mut iv = [0u8; MAX_IV];
        let r = self.call(ssl, &mut name, &mut iv, &ctx, 1);
        if r <= 0 {
            // 0: no ticket this time; < 0: an error (OpenSSL fails the
            // handshake; rustls just sends no ticket).
            return None;
        }
        let iv_len = ctx.iv_len()?;
        let mut ticket = Vec::with_capacity(KEY_NAME + iv_len + plain.len() + MAX_BLOCK + MAX_MD);
        ticket.extend_from_slice(&name);
        ticket.extend_from_slice(&iv[..iv_len]);
        ticket.extend_from_slice(&ctx.crypt(plain, true)?);
        let mac = ctx.mac(&ticket)?;
        ticket.extend_from_slice(&mac);
        Some(ticket)
    }

    fn open(&self, ssl: usize, ticket: &[u8]) -> Option<Vec<u8>> {
        if ticket.len() < KEY_NAME + MAX_IV {
            return None;
        }
        let ctx = Contexts::new(self.mac)?;
        // The callback may write to both (OpenSSL passes its own copies).
        let mut name = [0u8; KEY_NAME];
        name.copy_from_slice(&ticket[..KEY_NAME]);
        let mut iv = [0u8; MAX_IV];
        iv.copy_from_slice(&ticket[KEY_NAME..KEY_NAME + MAX_IV]);
        let r = self.call(ssl, &mut name, &mut iv, &ctx, 0);
        // 1: opened; 2: opened, and the program would like a new ticket
        // (rustls issues its usual ones); 0: unknown key; < 0: error.
        if r <= 0 {
            return None;
        }
        let iv_len = ctx.iv_len()?;
        let mac_len = ctx.mac_size();
        if ticket.len() <= KEY_NAME + iv_len + mac_len {
            return None;
        }
        let (body, tag) = ticket.split_at(ticket.len() - mac_len);
        let mac = ctx.mac(body)?;
        // SAFETY: both buffers are `mac_len` bytes long.
        let same = mac.len() == mac_len
            && unsafe { sys::CRYPTO_memcmp(mac.as_ptr().cast(), tag.as_ptr().cast(), mac_len) }
                == 0;
        if !same {
            return None;
        }
        ctx.crypt(&body[KEY_NAME + iv_len..], false)
    }
}
