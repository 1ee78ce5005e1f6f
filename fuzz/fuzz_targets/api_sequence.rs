//! Decodes the input into a sequence of C API calls on up to two SSL objects
//! (new/free/up_ref, set_bio, connect/accept/do_handshake, read/peek/write
//! with odd lengths, shutdown, ctrl with unusual numbers, NULL arguments,
//! moving bytes between the two) and checks the manual's invariants after
//! every call: return codes in range, SSL_get_error consistent with the
//! return, no panic (libfuzzer-sys aborts on any panic, even one the
//! library's own panic guard would catch).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sslshim::abi::*;
use sslshim::bio::Bio;
use sslshim::ffi::bio::{BIO_free, BIO_read, BIO_write};
use sslshim::ffi::mem::CRYPTO_zalloc;
use sslshim::ffi::ssl::*;
use sslshim::ssl::Ssl;
use sslshim_fuzz::{
    check_io_return, clear_errors, client_ctx, new_mem_bios, server_ctx, valid_error_code,
};
use std::os::raw::{c_int, c_long, c_void};
use std::ptr::null_mut;

/// Input bytes, read front to back; zeros once exhausted.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }
    fn bytes(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.0.len());
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }
    fn i32(&mut self) -> i32 {
        i32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }
    /// A length for read/write: mostly odd or boundary values.
    fn len(&mut self) -> c_int {
        const LENS: [c_int; 12] = [-1, 0, 1, 2, 5, 255, 16383, 16384, 16385, 65536, i32::MIN, 3];
        let b = self.byte();
        if b < 192 {
            c_int::from(b)
        } else {
            LENS[usize::from(b) % LENS.len()]
        }
    }
}

/// One SSL the sequence works on, with the harness's own BIO references
/// and the number of references the sequence holds (SSL_up_ref/SSL_free).
struct Slot {
    ssl: *mut Ssl,
    refs: u32,
    bios: Option<(*mut Bio, *mut Bio)>,
}

impl Slot {
    fn drop_bios(&mut self) {
        if let Some((r, w)) = self.bios.take() {
            // SAFETY: the harness's own references, taken in new_mem_bios.
            unsafe {
                BIO_free(r);
                BIO_free(w);
            }
        }
    }
}

const BUF: usize = 65536 + 1;

fn check_ex(ssl: *mut Ssl, what: &str, ret: c_int, n: usize, max: usize) {
    assert!(ret == 0 || ret == 1, "{what}: returned {ret}");
    let e = SSL_get_error(ssl, ret);
    assert!(valid_error_code(e), "{what}: SSL_get_error {e}");
    if ret == 1 {
        assert!(n <= max, "{what}: {n} bytes > {max}");
        assert_eq!(e, SSL_ERROR_NONE, "{what}: 1 but SSL_get_error {e}");
    } else {
        // The byte count is defined only on success (OpenSSL leaves it
        // untouched on several failure paths), so it is not checked here.
        assert_ne!(e, SSL_ERROR_NONE, "{what}: 0 but SSL_ERROR_NONE");
    }
}

/// Calls that must fail cleanly on NULL (OpenSSL would crash on many; we
/// promise an error return instead).
fn null_calls(live: *mut Ssl, which: u8) {
    let mut buf = [0u8; 16];
    clear_errors();
    match which % 10 {
        0 => assert!(SSL_new(null_mut()).is_null()),
        1 => SSL_free(null_mut()),
        2 => assert_eq!(SSL_up_ref(null_mut()), 0),
        3 => assert_eq!(SSL_connect(null_mut()), -1),
        4 => assert!(SSL_read(null_mut(), buf.as_mut_ptr().cast(), 16) <= 0),
        5 => assert!(SSL_write(null_mut(), buf.as_ptr().cast(), 16) <= 0),
        6 => assert!(valid_error_code(SSL_get_error(null_mut(), -1))),
        7 => assert!(SSL_shutdown(null_mut()) < 0),
        8 if !live.is_null() => {
            let r = SSL_read(live, null_mut(), 16);
            assert!(r <= 0, "SSL_read into NULL returned {r}");
        }
        9 if !live.is_null() => {
            let r = SSL_write(live, std::ptr::null(), 16);
            assert!(r <= 0, "SSL_write from NULL returned {r}");
        }
        _ => assert_eq!(SSL_ctrl(null_mut(), 33, 0, null_mut()), 0),
    }
}

fn run(data: &[u8]) {
    let mut c = Cursor(data);
    let mut slots: [Option<Slot>; 2] = [None, None];
    let mut buf = vec![0u8; BUF];
    let mut steps = 0;
    while !c.0.is_empty() && steps < 200 {
        steps += 1;
        let op = c.byte();
        let i = usize::from(op >> 7);
        let ssl = slots[i].as_ref().map_or(null_mut(), |s| s.ssl);
        match op & 0x1f {
            0 => match &mut slots[i] {
                None => {
                    let ctx = if c.byte() & 1 == 0 {
                        client_ctx()
                    } else {
                        server_ctx()
                    };
                    let s = SSL_new(ctx);
                    assert!(!s.is_null());
                    slots[i] = Some(Slot {
                        ssl: s,
                        refs: 1,
                        bios: None,
                    });
                }
                Some(s) => {
                    assert_eq!(SSL_up_ref(s.ssl), 1);
                    s.refs += 1;
                }
            },
            1 => {
                if let Some(s) = &mut slots[i] {
                    SSL_free(s.ssl);
                    s.refs -= 1;
                    if s.refs == 0 {
                        s.drop_bios();
                        slots[i] = None;
                    }
                }
            }
            2 => {
                if let Some(s) = &mut slots[i] {
                    match c.byte() % 3 {
                        0 => SSL_set_bio(s.ssl, null_mut(), null_mut()),
                        1 => {
                            let (r, w) = new_mem_bios();
                            SSL_set_bio(s.ssl, r, w);
                            s.drop_bios();
                            s.bios = Some((r, w));
                        }
                        _ => {
                            // The same BIO for both directions: SSL_set_bio
                            // takes one reference (the manual's rule).
                            let (r, w) = new_mem_bios();
                            SSL_set_bio(s.ssl, r, r);
                            // SAFETY: w is unused; drop both its references.
                            unsafe {
                                BIO_free(w);
                                BIO_free(w);
                            }
                            // SAFETY: r has the harness's reference plus the
                            // SSL's; take one more so drop_bios frees two.
                            unsafe { sslshim::ffi::bio::BIO_up_ref(r) };
                            s.drop_bios();
                            s.bios = Some((r, r));
                        }
                    }
                }
            }
            3..=5 => {
                clear_errors();
                let r = match op & 0x1f {
                    3 => SSL_connect(ssl),
                    4 => SSL_accept(ssl),
                    _ => SSL_do_handshake(ssl),
                };
                assert!((-1..=1).contains(&r), "handshake returned {r}");
                if !ssl.is_null() {
                    check_io_return(ssl, "handshake", r, 1);
                }
            }
            6 | 7 => {
                let n = c.len();
                clear_errors();
                let r = if op & 0x1f == 6 {
                    SSL_read(ssl, buf.as_mut_ptr().cast(), n)
                } else {
                    SSL_peek(ssl, buf.as_mut_ptr().cast(), n)
                };
                if !ssl.is_null() {
                    check_io_return(ssl, "SSL_read/peek", r, n.max(0));
                }
            }
            8 | 9 => {
                let n = c.len().max(0) as usize;
                let mut got = usize::MAX;
                clear_errors();
                let r = if op & 0x1f == 8 {
                    SSL_read_ex(ssl, buf.as_mut_ptr().cast(), n, &mut got)
                } else {
                    SSL_peek_ex(ssl, buf.as_mut_ptr().cast(), n, &mut got)
                };
                if !ssl.is_null() {
                    check_ex(ssl, "SSL_read_ex/peek_ex", r, got, n);
                }
            }
            10 => {
                let n = c.len();
                clear_errors();
                let r = SSL_write(ssl, buf.as_ptr().cast(), n);
                if !ssl.is_null() {
                    check_io_return(ssl, "SSL_write", r, n.max(0));
                }
            }
            11 => {
                let n = c.len().max(0) as usize;
                let mut put = usize::MAX;
                clear_errors();
                let r = SSL_write_ex(ssl, buf.as_ptr().cast(), n, &mut put);
                if !ssl.is_null() {
                    check_ex(ssl, "SSL_write_ex", r, put, n);
                }
            }
            12 => {
                clear_errors();
                let r = SSL_shutdown(ssl);
                assert!((-1..=1).contains(&r), "SSL_shutdown returned {r}");
                if r < 0 && !ssl.is_null() {
                    let e = SSL_get_error(ssl, r);
                    assert!(valid_error_code(e) && e != SSL_ERROR_NONE);
                }
            }
            13 => {
                // Unusual ctrl numbers; parg is NULL or a zeroed buffer (with
                // a small larg, so a length argument stays inside it).
                let cmd = c.i32() % 200;
                let with_buf = c.byte() & 1 == 1;
                let larg = c.i32();
                let mut arg = [0u64; 32];
                let (larg, parg) = if !with_buf {
                    (c_long::from(larg), null_mut())
                } else if cmd == SSL_CTRL_SET_TLSEXT_STATUS_REQ_OCSP_RESP && !ssl.is_null() {
                    // This one takes ownership of an OPENSSL_malloc'd buffer
                    // (SSL_set_tlsext_status_ocsp_resp), as in OpenSSL; a
                    // NULL SSL fails before taking it, so the stack buffer
                    // serves then.
                    // SAFETY: a fresh allocation of the size asked for.
                    let p = unsafe { CRYPTO_zalloc(256, std::ptr::null(), 0) };
                    assert!(!p.is_null());
                    (c_long::from(larg.rem_euclid(64)), p)
                } else {
                    (
                        c_long::from(larg.rem_euclid(64)),
                        arg.as_mut_ptr().cast::<c_void>(),
                    )
                };
                clear_errors();
                let _ = SSL_ctrl(ssl, cmd, larg, parg);
            }
            14 => {
                // Move what slot i wrote into the other slot's read BIO.
                let (Some(a), Some(b)) = (&slots[i], &slots[1 - i]) else {
                    continue;
                };
                let (Some((_, w)), Some((r, _))) = (a.bios, b.bios) else {
                    continue;
                };
                // SAFETY: harness-owned live BIOs; buf has BUF bytes.
                unsafe {
                    let n = BIO_read(w, buf.as_mut_ptr().cast(), BUF as c_int);
                    if n > 0 {
                        assert_eq!(BIO_write(r, buf.as_ptr().cast(), n), n);
                    }
                }
            }
            15 => {
                let n = usize::from(c.byte());
                let bytes = c.bytes(n).to_vec();
                if let Some(Some((r, _))) = slots[i].as_ref().map(|s| s.bios) {
                    if !bytes.is_empty() {
                        // SAFETY: harness-owned live BIO; valid slice.
                        let k =
                            unsafe { BIO_write(r, bytes.as_ptr().cast(), bytes.len() as c_int) };
                        assert_eq!(k, bytes.len() as c_int);
                    }
                }
            }
            16 => null_calls(ssl, c.byte()),
            17 => {
                let p = SSL_pending(ssl);
                let h = SSL_has_pending(ssl);
                assert!(p >= 0 && (h == 0 || h == 1), "pending {p} has_pending {h}");
                assert!(p == 0 || h == 1, "pending {p} but has_pending 0");
            }
            18 => {
                if c.byte() & 1 == 0 {
                    SSL_set_connect_state(ssl);
                } else {
                    SSL_set_accept_state(ssl);
                }
            }
            19 => {
                let e = SSL_get_error(ssl, c.i32());
                assert!(valid_error_code(e), "SSL_get_error {e}");
            }
            20 => {
                let s = SSL_get_shutdown(ssl);
                assert!(
                    s & !(SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN) == 0,
                    "shutdown flags {s}"
                );
            }
            _ => {}
        }
    }
    for s in slots.iter_mut().flatten() {
        for _ in 0..s.refs {
            SSL_free(s.ssl);
        }
        s.drop_bios();
    }
}

fuzz_target!(|data: &[u8]| run(data));
