//! `BIO_s_connect` (OpenSSL's crypto/bio/bss_conn.c): a socket BIO that
//! connects to "host:port" itself, on `BIO_do_connect` or its first read
//! or write, which is what `BIO_new_ssl_connect` puts below the SSL BIO.
//! Once connected it reads and writes as the socket BIO does.
//!
//! The connect itself blocks even after `BIO_set_nbio(b, 1)` (the socket is
//! non-blocking from then on): OpenSSL's non-blocking connect reports
//! `BIO_RR_CONNECT` retries instead. An info callback
//! (`BIO_set_info_callback`) is refused with an error.

use std::any::Any;
use std::ffi::{CStr, CString};
use std::os::raw::{c_int, c_long};
use std::sync::{Mutex, MutexGuard};

use super::socket::{FdBio, FdKind};
use super::{Bio, BioImpl, CtrlArg, Op, bio_err};
use crate::abi::*;
use crate::os::net::{ConnectError, connect_stream, shutdown_both};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Before,
    Connected,
    Failed,
}

struct Params {
    state: State,
    family: c_int,
    hostname: Option<CString>,
    service: Option<CString>,
    mode: c_int,
}

pub struct ConnectBio {
    params: Mutex<Params>,
    /// The socket (`bio->num`) and its reads and writes.
    sock: FdBio,
}

impl Default for ConnectBio {
    fn default() -> Self {
        let sock = FdBio::new(FdKind::Socket);
        sock.set_raw_fd(-1);
        ConnectBio {
            params: Mutex::new(Params {
                state: State::Before,
                family: BIO_FAMILY_IPANY,
                hostname: None,
                service: None,
                mode: 0,
            }),
            sock,
        }
    }
}

/// `BIO_parse_hostserv(str, &host, &service, BIO_PARSE_PRIO_HOST)`:
/// "host:service", "[v6addr]:service", or a host alone. `Some(None)` for a
/// part that is empty or "*"; `None` for a part the string does not give.
type HostServ = (Option<Option<CString>>, Option<Option<CString>>);

fn parse_hostserv(s: &[u8]) -> Result<HostServ, c_int> {
    let (host, serv): (Option<&[u8]>, Option<&[u8]>) = if s.first() == Some(&b'[') {
        let close = s
            .iter()
            .position(|&c| c == b']')
            .ok_or(BIO_R_MALFORMED_HOST_OR_SERVICE)?;
        let rest = &s[close + 1..];
        let serv = match rest.first() {
            None => None,
            Some(b':') => Some(&rest[1..]),
            Some(_) => return Err(BIO_R_MALFORMED_HOST_OR_SERVICE),
        };
        (Some(&s[1..close]), serv)
    } else {
        let first = s.iter().position(|&c| c == b':');
        let last = s.iter().rposition(|&c| c == b':');
        if first != last {
            return Err(BIO_R_AMBIGUOUS_HOST_OR_SERVICE);
        }
        match first {
            Some(i) => (Some(&s[..i]), Some(&s[i + 1..])),
            None => (Some(s), None),
        }
    };
    if serv.is_some_and(|p| p.contains(&b':')) {
        return Err(BIO_R_MALFORMED_HOST_OR_SERVICE);
    }
    let part = |p: &[u8]| match p {
        b"" | b"*" => None,
        p => CString::new(p).ok(),
    };
    Ok((host.map(part), serv.map(part)))
}

fn lock(m: &Mutex<Params>) -> MutexGuard<'_, Params> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ConnectBio {
    pub fn new() -> ConnectBio {
        ConnectBio::default()
    }

    /// `conn_state` up to a connected socket: 1, or what OpenSSL returns
    /// with its errors queued (-1 with nothing to connect to or a failed
    /// lookup, 0 when every connect failed).
    fn connect(&self, bio: &Bio) -> c_int {
        let mut p = lock(&self.params);
        match p.state {
            State::Connected => return 1,
            State::Failed => {
                bio_err(BIO_R_CONNECT_ERROR, "conn_state");
                return 0;
            }
            State::Before => {}
        }
        if p.hostname.is_none() && p.service.is_none() {
            bio_err(BIO_R_NO_HOSTNAME_OR_SERVICE_SPECIFIED, "conn_state");
            return -1;
        }
        let family = match p.family {
            BIO_FAMILY_IPV4 => libc::AF_INET,
            BIO_FAMILY_IPV6 => libc::AF_INET6,
            BIO_FAMILY_IPANY => libc::AF_UNSPEC,
            _ => {
                bio_err(BIO_R_UNSUPPORTED_IP_FAMILY, "conn_state");
                return -1;
            }
        };
        let what = || {
            format!(
                "{}, {}",
                p.hostname
                    .as_deref()
                    .map_or("".into(), CStr::to_string_lossy),
                p.service
                    .as_deref()
                    .map_or("".into(), CStr::to_string_lossy)
            )
        };
        let nodelay = p.mode & BIO_SOCK_NODELAY != 0;
        bio.clear_retry_flags();
        match connect_stream(p.hostname.as_deref(), p.service.as_deref(), family, nodelay) {
            Ok(fd) => {
                if p.mode & BIO_SOCK_NONBLOCK != 0 {
                    let _ = crate::os::set_nonblocking(fd, true);
                }
                self.sock.set_raw_fd(fd);
                bio.set_retry_reason(0);
                p.state = State::Connected;
                1
            }
            Err(ConnectError::Lookup(Ok(e))) => {
                sys_err(e, "BIO_lookup_ex", "calling getaddrinfo()".into());
                bio_err(ERR_R_SYS_LIB, "BIO_lookup_ex");
                -1
            }
            Err(ConnectError::Lookup(Err(msg))) => {
                crate::err::raise_data(
                    ERR_LIB_BIO,
                    ERR_R_SYS_LIB,
                    "BIO_lookup_ex",
                    file!(),
                    line!(),
                    msg,
                );
                -1
            }
            Err(ConnectError::Nothing) => {
                bio_err(BIO_R_LOOKUP_RETURNED_NOTHING, "conn_state");
                -1
            }
            // BIO_socket and BIO_connect queue their own pair of errors
            // before conn_state adds its own.
            Err(ConnectError::Socket(e)) => {
                sys_err(e, "BIO_socket", "calling socket()".into());
                bio_err(BIO_R_UNABLE_TO_CREATE_SOCKET, "BIO_socket");
                sys_err(e, "conn_state", format!("calling socket({})", what()));
                bio_err(BIO_R_UNABLE_TO_CREATE_SOCKET, "conn_state");
                -1
            }
            Err(ConnectError::Connect(e)) => {
                sys_err(e, "BIO_connect", "calling connect()".into());
                bio_err(BIO_R_CONNECT_ERROR, "BIO_connect");
                sys_err(e, "conn_state", format!("calling connect({})", what()));
                p.state = State::Failed;
                bio_err(BIO_R_CONNECT_ERROR, "conn_state");
                0
            }
        }
    }

    /// `conn_close_socket`.
    fn close_socket(&self, p: &Params) {
        let fd = self.sock.raw_fd();
        if fd != -1 {
            if p.state == State::Connected {
                shutdown_both(fd);
            }
            let _ = crate::os::close(fd);
            self.sock.set_raw_fd(-1);
        }
    }

    fn set_connect(&self, bio: &Bio, num: c_long, parg: CtrlArg<'_>) -> c_long {
        let mut p = lock(&self.params);
        match (num, parg) {
            (0, CtrlArg::Str(Some(s))) => {
                bio.set_init(1);
                match parse_hostserv(s.to_bytes()) {
                    Ok((host, serv)) => {
                        p.hostname = host.flatten();
                        if let Some(serv) = serv {
                            p.service = serv;
                        }
                        1
                    }
                    Err(reason) => {
                        p.hostname = None;
                        bio_err(reason, "BIO_parse_hostserv");
                        0
                    }
                }
            }
            (1, CtrlArg::Str(Some(s))) => {
                bio.set_init(1);
                p.service = Some(s.to_owned());
                1
            }
            (3, CtrlArg::Int(f)) => {
                bio.set_init(1);
                p.family = f;
                1
            }
            // BIO_set_conn_address (a BIO_ADDR) is not supported.
            (2, CtrlArg::Raw(a)) if !a.is_null() => {
                bio.set_init(1);
                0
            }
            (_, CtrlArg::None) | (_, CtrlArg::Str(None)) => 1,
            _ => {
                bio.set_init(1);
                0
            }
        }
    }

    fn get_connect(&self, num: c_long, parg: CtrlArg<'_>) -> c_long {
        let p = lock(&self.params);
        let CtrlArg::PtrOut(Some(out)) = parg else {
            return 0;
        };
        let s = match num {
            0 => p.hostname.as_deref(),
            1 => p.service.as_deref(),
            2 => {
                *out = std::ptr::null_mut();
                return 1;
            }
            3 => return c_long::from(p.family),
            _ => return 0,
        };
        *out = s.map_or(std::ptr::null_mut(), |s| s.as_ptr().cast_mut().cast());
        1
    }
}

fn sys_err(errno: i32, func: &'static str, data: String) {
    crate::err::raise_data(ERR_LIB_SYS, errno, func, file!(), line!(), data);
}

impl BioImpl for ConnectBio {
    fn method_type(&self) -> c_int {
        BIO_TYPE_CONNECT
    }
    fn name(&self) -> &CStr {
        c"socket connect"
    }
    fn supports(&self, op: Op) -> bool {
        !matches!(op, Op::Gets | Op::CallbackCtrl)
    }
    /// `conn_new`.
    fn create(&self, bio: &Bio) -> bool {
        bio.set_init(0);
        bio.store_flags(0);
        true
    }
    fn read(&self, bio: &Bio, out: Option<&mut [u8]>, len: usize) -> (c_int, usize) {
        let r = self.connect(bio);
        if r <= 0 {
            return (r, 0);
        }
        self.sock.read(bio, out, len)
    }
    fn write(&self, bio: &Bio, data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        let r = self.connect(bio);
        if r <= 0 {
            return (r, 0);
        }
        self.sock.write(bio, data, len)
    }
    fn puts(&self, bio: &Bio, s: &CStr) -> c_int {
        let b = s.to_bytes();
        match self.write(bio, Some(b), b.len().min(c_int::MAX as usize)) {
            (r, n) if r > 0 => n as c_int,
            (r, _) => r,
        }
    }
    fn gets(&self, _bio: &Bio, _buf: &mut [u8]) -> c_int {
        -2
    }
    fn ctrl(&self, bio: &Bio, cmd: c_int, num: c_long, parg: CtrlArg<'_>) -> c_long {
        match cmd {
            BIO_CTRL_RESET => {
                let mut p = lock(&self.params);
                self.close_socket(&p);
                p.state = State::Before;
                bio.store_flags(0);
                0
            }
            BIO_C_DO_STATE_MACHINE => c_long::from(self.connect(bio)),
            BIO_C_GET_CONNECT => self.get_connect(num, parg),
            BIO_C_SET_CONNECT => self.set_connect(bio, num, parg),
            BIO_C_SET_NBIO => {
                let mut p = lock(&self.params);
                if num != 0 {
                    p.mode |= BIO_SOCK_NONBLOCK;
                } else {
                    p.mode &= !BIO_SOCK_NONBLOCK;
                }
                1
            }
            BIO_C_SET_CONNECT_MODE => {
                lock(&self.params).mode = num as c_int;
                1
            }
            BIO_C_GET_FD => {
                if bio.init() == 0 {
                    return -1;
                }
                let fd = self.sock.raw_fd();
                if let CtrlArg::IntOut(Some(out)) = parg {
                    *out = fd;
                }
                c_long::from(fd)
            }
            BIO_CTRL_GET_CLOSE => c_long::from(bio.shutdown()),
            BIO_CTRL_SET_CLOSE => {
                bio.set_shutdown(num as c_int);
                1
            }
            BIO_CTRL_PENDING | BIO_CTRL_WPENDING | BIO_CTRL_SET_CALLBACK => 0,
            BIO_CTRL_FLUSH => 1,
            BIO_CTRL_DUP => {
                let CtrlArg::Bio(Some(to)) = parg else {
                    return 1;
                };
                if let Some(dst) = to.imp_as::<ConnectBio>() {
                    let (host, serv, family, mode) = {
                        let p = lock(&self.params);
                        (p.hostname.clone(), p.service.clone(), p.family, p.mode)
                    };
                    let mut d = lock(&dst.params);
                    if host.is_some() {
                        d.hostname = host;
                    }
                    if serv.is_some() {
                        d.service = serv;
                    }
                    d.family = family;
                    d.mode = mode;
                    to.set_init(1);
                }
                1
            }
            BIO_CTRL_EOF => c_long::from(bio.test_flags(BIO_FLAGS_IN_EOF) != 0),
            _ => 0,
        }
    }
    /// `conn_free`: the socket closes with the BIO unless `BIO_NOCLOSE`.
    fn destroy(&self, bio: &Bio) {
        if bio.shutdown() != 0 {
            let p = lock(&self.params);
            self.close_socket(&p);
            bio.store_flags(0);
            bio.set_init(0);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parts = (Option<Option<String>>, Option<Option<String>>);

    fn hs(s: &str) -> Result<Parts, c_int> {
        let f = |p: Option<Option<CString>>| p.map(|o| o.map(|c| c.into_string().unwrap()));
        parse_hostserv(s.as_bytes()).map(|(h, p)| (f(h), f(p)))
    }

    #[test]
    fn host_and_service_parse_as_openssl_does() {
        let some = |s: &str| Some(Some(s.to_string()));
        assert_eq!(hs("localhost:4433"), Ok((some("localhost"), some("4433"))));
        assert_eq!(hs("localhost"), Ok((some("localhost"), None)));
        assert_eq!(hs("[::1]:443"), Ok((some("::1"), some("443"))));
        assert_eq!(hs("[::1]"), Ok((some("::1"), None)));
        assert_eq!(hs("*:443"), Ok((Some(None), some("443"))));
        assert_eq!(hs("host:"), Ok((some("host"), Some(None))));
        assert_eq!(hs("::1"), Err(BIO_R_AMBIGUOUS_HOST_OR_SERVICE));
        assert_eq!(hs("[::1"), Err(BIO_R_MALFORMED_HOST_OR_SERVICE));
        assert_eq!(hs("[::1]x"), Err(BIO_R_MALFORMED_HOST_OR_SERVICE));
    }
}
