//! Name lookup and outgoing TCP connections for the connect BIO
//! (`BIO_s_connect`): `getaddrinfo`, then `socket` and `connect` on each
//! address in turn, as OpenSSL's `conn_state` does.

use std::ffi::CStr;
use std::os::raw::c_int;
use std::ptr;

use super::errno;

/// Why `connect_stream` failed, in the terms OpenSSL's connect BIO reports.
#[derive(Debug, PartialEq, Eq)]
pub enum ConnectError {
    /// `getaddrinfo` failed: with `EAI_SYSTEM`, its errno; else its message.
    Lookup(Result<i32, String>),
    /// The lookup found no address.
    Nothing,
    /// `socket(2)` failed.
    Socket(i32),
    /// `connect(2)` failed on the last address.
    Connect(i32),
}

/// The addresses of `getaddrinfo`, freed on drop.
struct AddrInfo(*mut libc::addrinfo);

impl Drop for AddrInfo {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: a list getaddrinfo returned, freed once.
            unsafe { libc::freeaddrinfo(self.0) };
        }
    }
}

fn set_flag(fd: c_int, level: c_int, name: c_int) {
    let on: c_int = 1;
    // SAFETY: the option value points at a live c_int whose size is given.
    unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            (&raw const on).cast(),
            std::mem::size_of::<c_int>() as libc::socklen_t,
        )
    };
}

/// A connected stream socket to `host`/`service` (either may be absent,
/// as `getaddrinfo` allows) over `family` (`AF_INET`, `AF_INET6` or
/// `AF_UNSPEC`), with `SO_KEEPALIVE` and optionally `TCP_NODELAY`.
pub fn connect_stream(
    host: Option<&CStr>,
    service: Option<&CStr>,
    family: c_int,
    nodelay: bool,
) -> Result<c_int, ConnectError> {
    // SAFETY: addrinfo is a plain C struct; all-zero is its "no hints" value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = family;
    hints.ai_socktype = libc::SOCK_STREAM;
    let mut list: *mut libc::addrinfo = ptr::null_mut();
    // SAFETY: NUL-terminated strings or NULL, a live hints struct, and an
    // out-pointer for the list (freed by `AddrInfo`).
    let rc = unsafe {
        libc::getaddrinfo(
            host.map_or(ptr::null(), CStr::as_ptr),
            service.map_or(ptr::null(), CStr::as_ptr),
            &hints,
            &mut list,
        )
    };
    let list = AddrInfo(list);
    if rc != 0 {
        return Err(ConnectError::Lookup(if rc == libc::EAI_SYSTEM {
            Ok(errno())
        } else {
            // SAFETY: gai_strerror returns a static NUL-terminated string.
            Err(unsafe { CStr::from_ptr(libc::gai_strerror(rc)) }
                .to_string_lossy()
                .into_owned())
        }));
    }
    let mut ai = list.0;
    if ai.is_null() {
        return Err(ConnectError::Nothing);
    }
    loop {
        // SAFETY: `ai` is a node of the live list.
        let a = unsafe { &*ai };
        // SAFETY: plain system call on integers.
        let fd = unsafe { libc::socket(a.ai_family, a.ai_socktype, a.ai_protocol) };
        if fd < 0 {
            return Err(ConnectError::Socket(errno()));
        }
        set_flag(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE);
        // SAFETY: the node's address and its length, alive with the list.
        if unsafe { libc::connect(fd, a.ai_addr, a.ai_addrlen) } == 0 {
            if nodelay {
                set_flag(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY);
            }
            return Ok(fd);
        }
        let e = errno();
        let _ = super::close(fd);
        if a.ai_next.is_null() {
            super::set_errno(e);
            return Err(ConnectError::Connect(e));
        }
        ai = a.ai_next;
    }
}

/// `shutdown(fd, SHUT_RDWR)`, as OpenSSL's connect BIO does before closing
/// an established connection.
pub fn shutdown_both(fd: c_int) {
    // SAFETY: plain system call on integers.
    unsafe { libc::shutdown(fd, libc::SHUT_RDWR) };
}
