//! The operating-system layer below the core: thin, safe wrappers over the
//! libc calls the core needs (descriptors and sockets for the BIO layer,
//! errno, the clock, strerror, the thread id). Calling `libc` is `unsafe`,
//! the core may not contain `unsafe`, and the core must not depend on the
//! `ffi` layer above it: so they live here, each `unsafe` block with its
//! SAFETY line, and nothing else does.
//!
//! Each system-call wrapper returns `Ok(value)` or `Err(errno)` and leaves
//! `errno` exactly as the system call left it: `SSL_get_error` reports
//! `SSL_ERROR_SYSCALL` and C callers then inspect `errno`, as they would
//! with OpenSSL.

// The drop-in flavour's libcrypto; no part of our headers.
pub mod alloc;
/// cbindgen:ignore
#[cfg(feature = "dropin")]
pub mod libcrypto;
pub mod loaded;
pub mod net;
pub mod stdio;

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};

/// The calling thread's `errno`.
pub fn errno() -> i32 {
    // SAFETY: `__errno_location` always returns a valid pointer to this
    // thread's errno.
    unsafe { *libc::__errno_location() }
}

/// Sets the calling thread's `errno` (OpenSSL's `set_sys_error`).
pub fn set_errno(value: i32) {
    // SAFETY: as in `errno`; the location is writable thread-local storage.
    unsafe { *libc::__errno_location() = value };
}

/// `clear_socket_error()`: OpenSSL zeroes errno before each socket call so
/// that a 0 return (EOF) is not mistaken for a retryable error.
pub fn clear_errno() {
    set_errno(0);
}

/// Converts a `-1`-on-error return into `Result`, reading errno without
/// changing it.
fn check(ret: isize) -> Result<usize, i32> {
    if ret < 0 {
        Err(errno())
    } else {
        Ok(ret as usize)
    }
}

/// `read(2)`.
pub fn read(fd: c_int, buf: &mut [u8]) -> Result<usize, i32> {
    // SAFETY: the pointer and length describe a writable buffer we borrow
    // mutably for the duration of the call.
    let r = unsafe { libc::read(fd, buf.as_mut_ptr() as *mut c_void, buf.len()) };
    check(r)
}

/// `write(2)`. Deliberately not `send(..., MSG_NOSIGNAL)`: OpenSSL on Unix
/// uses plain `write`, so a closed peer raises SIGPIPE as it does there.
pub fn write(fd: c_int, buf: &[u8]) -> Result<usize, i32> {
    // SAFETY: the pointer and length describe a readable buffer we borrow for
    // the duration of the call.
    let r = unsafe { libc::write(fd, buf.as_ptr() as *const c_void, buf.len()) };
    check(r)
}

/// `close(2)`.
pub fn close(fd: c_int) -> Result<usize, i32> {
    // SAFETY: closing a descriptor number has no memory-safety implications
    // for this process's Rust objects (we never wrap fds in owning types).
    let r = unsafe { libc::close(fd) };
    check(r as isize)
}

/// `lseek(2)`; used by the fd BIO's reset/seek/tell ctrls.
pub fn lseek(fd: c_int, offset: i64, whence: c_int) -> Result<usize, i32> {
    // SAFETY: plain system call on integers.
    let r = unsafe { libc::lseek(fd, offset as libc::off_t, whence) };
    check(r as isize)
}

/// `setsockopt(fd, SOL_TCP, TCP_NODELAY, &on, sizeof on)`.
pub fn set_tcp_nodelay(fd: c_int, on: c_int) -> Result<usize, i32> {
    // SAFETY: the option value points at a live c_int and its size is given.
    let r = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_TCP,
            libc::TCP_NODELAY,
            &on as *const c_int as *const c_void,
            std::mem::size_of::<c_int>() as libc::socklen_t,
        )
    };
    check(r as isize)
}

/// Turns `O_NONBLOCK` on or off (OpenSSL's `BIO_socket_nbio` uses the
/// equivalent `ioctl(FIONBIO)`).
pub fn set_nonblocking(fd: c_int, on: bool) -> Result<usize, i32> {
    // SAFETY: F_GETFL takes no pointer argument.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(errno());
    }
    let new = if on {
        flags | libc::O_NONBLOCK
    } else {
        flags & !libc::O_NONBLOCK
    };
    // SAFETY: F_SETFL takes an int argument.
    let r = unsafe { libc::fcntl(fd, libc::F_SETFL, new) };
    check(r as isize)
}

/// `socketpair(AF_UNIX, SOCK_STREAM, 0)`; used by tests.
#[cfg(test)]
pub fn socketpair() -> Result<(c_int, c_int), i32> {
    let mut sv = [0 as c_int; 2];
    // SAFETY: `sv` is a writable array of two ints, as socketpair requires.
    let r = unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, sv.as_mut_ptr()) };
    check(r as isize).map(|_| (sv[0], sv[1]))
}

/// Whether `fd` is an open descriptor (`fcntl(F_GETFD)`); used by tests.
#[cfg(test)]
pub fn fd_is_open(fd: c_int) -> bool {
    // SAFETY: F_GETFD takes no pointer argument.
    unsafe { libc::fcntl(fd, libc::F_GETFD) != -1 }
}

/// `time(NULL)`: the clock OpenSSL stamps sessions with. glibc reads a
/// coarse clock for it that can lag `SystemTime::now()` by a tick, so a
/// program comparing `SSL_SESSION_get_time` with its own `time(NULL)`
/// could otherwise see a session from the next second.
pub fn time_now() -> libc::time_t {
    // SAFETY: a NULL argument asks only for the return value.
    unsafe { libc::time(std::ptr::null_mut()) }
}

/// `strerror` text as OpenSSL's `openssl_strerror_r` yields it: the XSI
/// variant, so unknown errnos give `None` (OpenSSL then prints `reason(N)`)
/// rather than glibc's "Unknown error N".
pub fn strerror(errno: c_int) -> Option<String> {
    let mut buf = [0 as c_char; 256];
    // SAFETY: the buffer is writable for its whole length, which we pass;
    // the libc crate binds the XSI `__xpg_strerror_r` on glibc, which always
    // NUL-terminates within `buflen` on success.
    let rc = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: NUL-terminated by strerror_r inside `buf`, which outlives the borrow.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) };
    Some(text.to_string_lossy().into_owned())
}

/// The calling thread's `pthread_t`, as `ERR_print_errors*` prints it.
pub fn thread_id() -> libc::pthread_t {
    // SAFETY: pthread_self has no preconditions and cannot fail.
    unsafe { libc::pthread_self() }
}
