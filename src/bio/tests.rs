//! Semantics checks against what OpenSSL 3.0's BIOs do (values observed with
//! tests/c/bio_semantics.c on the system libcrypto).

use super::*;
use crate::abi::*;
use crate::os as sys;

fn flags(b: &Bio) -> (bool, bool, bool) {
    (
        Transport::should_retry(b),
        Transport::should_read(b),
        Transport::should_write(b),
    )
}

fn ctrl(b: &Bio, cmd: c_int, larg: c_long) -> c_long {
    b.ctrl(cmd, larg, CtrlArg::None)
}

#[test]
fn mem_read_write_and_eof_return() {
    let b = Bio::new_mem();
    let mut buf = [0u8; 64];
    assert_eq!(Transport::read(&*b, &mut buf), -1);
    assert_eq!(flags(&b), (true, true, false));
    assert_eq!(ctrl(&b, BIO_CTRL_EOF, 0), 1);
    assert_eq!(Transport::write(&*b, b"hello world"), 11);
    assert_eq!(flags(&b), (false, false, false));
    assert_eq!(b.ctrl_count(BIO_CTRL_PENDING), 11);
    assert_eq!(b.ctrl_count(BIO_CTRL_WPENDING), 0);
    assert_eq!(Transport::read(&*b, &mut buf[..5]), 5);
    assert_eq!(&buf[..5], b"hello");
    let mut p: *mut c_void = std::ptr::null_mut();
    assert_eq!(b.ctrl(BIO_CTRL_INFO, 0, CtrlArg::PtrOut(Some(&mut p))), 6);
    assert!(!p.is_null());
    // Empty with eof-return 0: plain EOF, no retry.
    assert_eq!(Transport::read(&*b, &mut buf), 6);
    assert_eq!(ctrl(&b, BIO_C_SET_BUF_MEM_EOF_RETURN, 0), 1);
    assert_eq!(Transport::read(&*b, &mut buf), 0);
    assert_eq!(flags(&b), (false, false, false));
    ctrl(&b, BIO_C_SET_BUF_MEM_EOF_RETURN, 7);
    assert_eq!(Transport::read(&*b, &mut buf), 7);
    assert!(Transport::should_read(&*b));
    // A zero-length read still reports the eof value, which then exceeds
    // the request: OpenSSL turns that into -1.
    assert_eq!(b.read_int(Some(&mut buf[..0]), 0), -1);
    assert_eq!(b.number_read(), 5 + 6 + 7 + 7);
    assert_eq!(b.number_written(), 11);
}

#[test]
fn mem_gets_reset_and_seek() {
    let b = Bio::new_mem();
    assert_eq!(b.puts(c"one\ntwo\nthree"), 13);
    let mut buf = [0xffu8; 16];
    assert_eq!(b.gets(&mut buf), 4);
    assert_eq!(&buf[..5], b"one\n\0");
    assert_eq!(b.gets(&mut buf[..3]), 2);
    assert_eq!(&buf[..3], b"tw\0");
    assert_eq!(ctrl(&b, BIO_C_FILE_TELL, 0), 6);
    assert_eq!(ctrl(&b, BIO_C_FILE_SEEK, 99), -1);
    assert_eq!(ctrl(&b, BIO_C_FILE_SEEK, 0), 0);
    assert_eq!(b.ctrl_count(BIO_CTRL_PENDING), 13);
    // NONCLEAR_RST rewinds instead of clearing.
    b.set_flags(BIO_FLAGS_NONCLEAR_RST);
    let mut tmp = [0u8; 4];
    Transport::read(&*b, &mut tmp);
    assert_eq!(ctrl(&b, BIO_CTRL_RESET, 0), 1);
    assert_eq!(b.ctrl_count(BIO_CTRL_PENDING), 13);
    b.clear_flags(BIO_FLAGS_NONCLEAR_RST);
    ctrl(&b, BIO_CTRL_RESET, 0);
    assert_eq!(b.ctrl_count(BIO_CTRL_PENDING), 0);
}

#[test]
fn mem_buf_is_read_only() {
    let b = Bio::new_mem_buf(b"abc");
    assert_ne!(b.test_flags(BIO_FLAGS_MEM_RDONLY), 0);
    assert_eq!(Transport::write(&*b, b"x"), -1);
    let mut buf = [0u8; 8];
    assert_eq!(Transport::read(&*b, &mut buf), 3);
    assert_eq!(Transport::read(&*b, &mut buf), 0);
    assert_eq!(flags(&b), (false, false, false));
    assert!(Transport::eof(&*b));
    ctrl(&b, BIO_CTRL_RESET, 0);
    assert_eq!(b.ctrl_count(BIO_CTRL_PENDING), 3);
}

#[test]
fn pair_partial_writes_retry_and_pending() {
    let (a, b) = Bio::new_pair(10, 0).expect("pair");
    assert_eq!(ctrl(&a, BIO_C_GET_WRITE_BUF_SIZE, 0), 10);
    assert_eq!(ctrl(&b, BIO_C_GET_WRITE_BUF_SIZE, 0), 17 * 1024);
    let mut buf = [0u8; 100];
    assert_eq!(Transport::read(&*b, &mut buf[..5]), -1);
    assert_eq!(flags(&b), (true, true, false));
    assert_eq!(ctrl(&a, BIO_C_GET_READ_REQUEST, 0), 5);
    assert_eq!(Transport::read(&*b, &mut buf), -1);
    assert_eq!(ctrl(&a, BIO_C_GET_READ_REQUEST, 0), 10);
    assert_eq!(Transport::write(&*a, b"0123456789ABCDEF"), 10);
    assert_eq!(ctrl(&a, BIO_C_GET_READ_REQUEST, 0), 0);
    assert_eq!(b.ctrl_count(BIO_CTRL_PENDING), 10);
    assert_eq!(a.ctrl_count(BIO_CTRL_WPENDING), 10);
    assert_eq!(ctrl(&a, BIO_C_GET_WRITE_GUARANTEE, 0), 0);
    assert_eq!(Transport::write(&*a, b"X"), -1);
    assert_eq!(flags(&a), (true, false, true));
    assert_eq!(Transport::read(&*b, &mut buf[..4]), 4);
    assert_eq!(&buf[..4], b"0123");
    // Wraps around the ring.
    assert_eq!(Transport::write(&*a, b"abcdefgh"), 4);
    assert_eq!(Transport::read(&*b, &mut buf), 10);
    assert_eq!(&buf[..10], b"456789abcd");
    assert_eq!(ctrl(&a, BIO_C_SET_WRITE_BUF_SIZE, 100), 0);
}

#[test]
fn pair_shutdown_wr_and_free_half() {
    let (a, b) = Bio::new_pair(0, 0).expect("pair");
    assert_eq!(Transport::write(&*a, b"hi"), 2);
    assert_eq!(ctrl(&a, BIO_C_SHUTDOWN_WR, 0), 1);
    assert!(!Transport::eof(&*b));
    assert_eq!(ctrl(&a, BIO_C_GET_WRITE_GUARANTEE, 0), 0);
    let mut buf = [0u8; 8];
    assert_eq!(Transport::read(&*b, &mut buf), 2);
    assert_eq!(Transport::read(&*b, &mut buf), 0);
    assert_eq!(flags(&b), (false, false, false));
    assert!(Transport::eof(&*b));
    assert_eq!(Transport::write(&*a, b"z"), -1);
    assert_eq!(flags(&a), (false, false, false));
    drop(a);
    assert_eq!(b.init(), 0);
    assert!(Transport::eof(&*b));
    assert_eq!(Transport::read(&*b, &mut buf), -1);
    assert_eq!(b.ctrl_count(BIO_CTRL_PENDING), 0);
}

#[test]
fn pair_manual_make_and_destroy() {
    let a = Bio::new_pair_half();
    let b = Bio::new_pair_half();
    assert_eq!(Transport::write(&*a, b"x"), -1); // uninitialised
    assert_eq!(ctrl(&a, BIO_C_SET_WRITE_BUF_SIZE, 0), 0);
    assert_eq!(ctrl(&a, BIO_C_SET_WRITE_BUF_SIZE, 3), 1);
    let mk =
        |x: &Arc<Bio>, y: &Arc<Bio>| x.ctrl(BIO_C_MAKE_BIO_PAIR, 0, CtrlArg::Bio(Some(y.clone())));
    assert_eq!(mk(&a, &b), 1);
    assert_eq!(mk(&a, &b), 0);
    assert_eq!(Transport::write(&*a, b"hello"), 3);
    assert_eq!(ctrl(&a, BIO_C_DESTROY_BIO_PAIR, 0), 1);
    assert_eq!((a.init(), b.init()), (0, 0));
    assert_eq!(mk(&b, &a), 1);
    assert_eq!(Transport::write(&*b, b"hey"), 3);
    assert_eq!(a.ctrl_count(BIO_CTRL_PENDING), 3);
}

#[test]
fn socket_retry_and_eof() {
    let (s0, s1) = sys::socketpair().expect("socketpair");
    let a = Bio::new_socket(s0, true);
    let b = Bio::new_socket(s1, false);
    assert_eq!(Transport::fd(&*b), Some(s1));
    sys::set_nonblocking(s1, true).expect("nonblock");
    let mut buf = [0u8; 16];
    assert_eq!(Transport::read(&*b, &mut buf), -1);
    assert_eq!(flags(&b), (true, true, false));
    assert_eq!(sys::errno(), libc::EAGAIN);
    assert_eq!(Transport::write(&*a, b"ping"), 4);
    assert_eq!(Transport::read(&*b, &mut buf), 4);
    assert_eq!(flags(&b), (false, false, false));
    assert!(!Transport::eof(&*b));
    drop(a); // BIO_CLOSE: closes s0
    assert!(!sys::fd_is_open(s0));
    assert_eq!(Transport::read(&*b, &mut buf), 0);
    assert_eq!(flags(&b), (false, false, false));
    assert!(Transport::eof(&*b));
    drop(b);
    assert!(sys::fd_is_open(s1));
    let _ = sys::close(s1);
}

#[test]
fn chains_and_find_type() {
    let head = Bio::new_null();
    let tail = Bio::new_mem();
    head.push(Some(&tail));
    assert!(Arc::ptr_eq(&head.next().expect("next"), &tail));
    let found = head.find_type(BIO_TYPE_SOURCE_SINK).expect("found");
    assert!(Arc::ptr_eq(&found, &head));
    let found = head.find_type(BIO_TYPE_MEM).expect("found");
    assert!(Arc::ptr_eq(&found, &tail));
    assert!(head.find_type(BIO_TYPE_SOCKET).is_none());
    assert!(Arc::ptr_eq(&head.pop().expect("popped"), &tail));
    assert!(head.next().is_none());
}
