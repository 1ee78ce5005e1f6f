//! bio.h entry points: object life cycle, I/O, ctrl, chains and the built-in
//! methods' constructors. Argument conversion only; semantics live in
//! `crate::bio`.

use sslshim_macros::entry;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_long, c_void};
use std::sync::Arc;

use crate::abi::*;
use crate::bio::{self, Bio, CtrlArg};
use crate::ffi::bio_method::{
    self, BUFFER_METHOD, BioMethod, CONNECT_METHOD, CustomBio, FD_METHOD, MEM_METHOD, NULL_METHOD,
    PAIR_METHOD, SOCKET_METHOD,
};
use crate::ffi::handle::{self, guard};
use crate::os as sys;

// SAFETY: `Bio` is `#[repr(C)]` with its u64 magic first, set at
// construction and never changed.
unsafe impl handle::Handle for Bio {
    const MAGIC: u64 = Bio::MAGIC;
    fn magic(&self) -> u64 {
        Bio::magic(self)
    }
}

fn null() -> *mut Bio {
    std::ptr::null_mut()
}

/// Hands a new BIO to C (one reference), or NULL.
fn out(b: Option<Arc<Bio>>) -> *mut Bio {
    b.map_or(null(), handle::into_raw)
}

/// The C pointer of a BIO someone already holds a reference to.
fn ptr_of(b: Option<Arc<Bio>>) -> *mut Bio {
    b.map_or(null(), |b| handle::as_ptr(&b))
}

/// Decodes `parg` for the commands our built-in methods interpret; C-defined
/// methods (and unknown commands) get the pointer untouched.
///
/// # Safety
/// `parg` must be what OpenSSL documents for `cmd` and `larg` (or NULL).
unsafe fn decode<'a>(b: &Bio, cmd: c_int, larg: c_long, parg: *mut c_void) -> CtrlArg<'a> {
    if b.imp_as::<CustomBio>().is_some() {
        return CtrlArg::Raw(parg);
    }
    match cmd {
        BIO_C_SET_FD if !parg.is_null() => {
            // SAFETY: BIO_set_fd passes a pointer to an int.
            CtrlArg::Int(unsafe { *(parg as *const c_int) })
        }
        // SAFETY: BIO_get_fd passes an `int *` (or NULL).
        BIO_C_GET_FD => CtrlArg::IntOut(unsafe { (parg as *mut c_int).as_mut() }),
        BIO_CTRL_INFO
        | BIO_C_GET_BUF_MEM_PTR
        | BIO_C_GET_SSL
        | BIO_C_GET_CONNECT
        | BIO_C_GET_FILE_PTR => {
            // SAFETY: BIO_get_mem_data/BIO_get_mem_ptr/BIO_get_ssl/
            // BIO_get_conn_*/BIO_get_fp pass a `char **`/`BUF_MEM **`/
            // `SSL **`/`FILE **` (or NULL).
            CtrlArg::PtrOut(unsafe { (parg as *mut *mut c_void).as_mut() })
        }
        BIO_C_MAKE_BIO_PAIR | BIO_CTRL_DUP => CtrlArg::Bio(handle::clone_arc(parg as *const Bio)),
        BIO_C_SET_SSL => CtrlArg::Ssl(
            super::bio_ssl::SslLink::new(parg)
                .map(|l| l as Arc<dyn crate::bio::ssl_filter::OwnSsl>),
        ),
        // BIO_set_conn_ip_family and BIO_set_read/write_buffer_size pass an
        // `int *`; BIO_set_buffer_size passes NULL.
        BIO_C_SET_CONNECT | BIO_C_SET_BUFF_SIZE if larg == 3 || cmd == BIO_C_SET_BUFF_SIZE => {
            // SAFETY: as documented for these commands: an `int *` or NULL.
            match unsafe { (parg as *const c_int).as_ref() } {
                Some(v) => CtrlArg::Int(*v),
                None => CtrlArg::None,
            }
        }
        // BIO_read_filename and friends: a file name.
        BIO_C_SET_FILENAME => CtrlArg::Str(handle::c_cstr(parg.cast())),
        // BIO_set_conn_hostname/BIO_set_conn_port: a C string (or NULL).
        BIO_C_SET_CONNECT if larg == 0 || larg == 1 => CtrlArg::Str(handle::c_cstr(parg.cast())),
        BIO_C_SET_BUFF_READ_DATA if !parg.is_null() && larg >= 0 => {
            // SAFETY: BIO_set_buffer_read_data passes `larg` readable bytes.
            CtrlArg::Bytes(Some(unsafe {
                std::slice::from_raw_parts(parg as *const u8, larg as usize)
            }))
        }
        BIO_CTRL_PEEK if !parg.is_null() && larg >= 0 => {
            // SAFETY: a BIO_CTRL_PEEK caller passes `larg` writable bytes.
            CtrlArg::BytesOut(Some(unsafe {
                std::slice::from_raw_parts_mut(parg as *mut u8, larg as usize)
            }))
        }
        _ => CtrlArg::Raw(parg),
    }
}

// ---- life cycle -------------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_new(method: *const BioMethod) -> *mut Bio {
    out(bio_method::new_bio(method))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_free(b: *mut Bio) -> c_int {
    handle::release(b) as c_int
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_vfree(b: *mut Bio) {
    handle::release(b);
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_free_all(b: *mut Bio) {
    free_all_raw(b);
}

/// `BIO_free_all` of a reference C owns (a foreign or NULL pointer: nothing).
pub(crate) fn free_all_raw(b: *const Bio) {
    if let Some(first) = handle::clone_arc(b) {
        bio::free_all(first, |x| {
            handle::release(Arc::as_ptr(x));
        });
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_up_ref(b: *mut Bio) -> c_int {
    handle::up_ref(b) as c_int
}

// ---- I/O --------------------------------------------------------------------

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_read(b: *mut Bio, data: *mut c_void, dlen: c_int) -> c_int {
    if dlen < 0 {
        return 0;
    }
    let Some(b) = handle::borrow(b) else {
        bio::null_param(FUNC);
        return -1;
    };
    let len = dlen as usize;
    // SAFETY: the caller provides `dlen` writable bytes at `data`.
    let buf =
        (!data.is_null()).then(|| unsafe { std::slice::from_raw_parts_mut(data as *mut u8, len) });
    b.read_int(buf, len)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_read_ex(
    b: *mut Bio,
    data: *mut c_void,
    dlen: usize,
    readbytes: *mut usize,
) -> c_int {
    let Some(b) = handle::borrow(b) else {
        bio::null_param(FUNC);
        return 0;
    };
    // SAFETY: the caller provides `dlen` writable bytes at `data`.
    let buf =
        (!data.is_null()).then(|| unsafe { std::slice::from_raw_parts_mut(data as *mut u8, dlen) });
    let (ret, n) = b.read_ex(buf, dlen);
    if ret > 0 && !readbytes.is_null() {
        // SAFETY: non-NULL out-parameter from the caller.
        unsafe { *readbytes = n };
    } else if !readbytes.is_null() && ret <= 0 {
        // SAFETY: as above; OpenSSL's methods zero it on failure.
        unsafe { *readbytes = 0 };
    }
    (ret > 0) as c_int
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_write(b: *mut Bio, data: *const c_void, dlen: c_int) -> c_int {
    if dlen <= 0 {
        return 0;
    }
    // A NULL BIO just writes nothing, without an error (OpenSSL).
    let Some(b) = handle::borrow(b) else { return 0 };
    let len = dlen as usize;
    // SAFETY: the caller provides `dlen` readable bytes at `data`.
    let buf =
        (!data.is_null()).then(|| unsafe { std::slice::from_raw_parts(data as *const u8, len) });
    b.write_int(buf, len)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_write_ex(
    b: *mut Bio,
    data: *const c_void,
    dlen: usize,
    written: *mut usize,
) -> c_int {
    if !written.is_null() {
        // SAFETY: non-NULL out-parameter from the caller.
        unsafe { *written = 0 };
    }
    let Some(b) = handle::borrow(b) else { return 0 };
    // SAFETY: the caller provides `dlen` readable bytes at `data`.
    let buf =
        (!data.is_null()).then(|| unsafe { std::slice::from_raw_parts(data as *const u8, dlen) });
    let (ret, n) = b.write_ex(buf, dlen);
    if !written.is_null() {
        // SAFETY: as above.
        unsafe { *written = n };
    }
    (ret > 0 || dlen == 0) as c_int
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_puts(b: *mut Bio, s: *const c_char) -> c_int {
    let Some(b) = handle::borrow(b) else {
        bio::null_param(FUNC);
        return -1;
    };
    if s.is_null() {
        bio::null_param(FUNC);
        return -1;
    }
    // SAFETY: non-NULL NUL-terminated string from the caller.
    b.puts(unsafe { CStr::from_ptr(s) })
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_gets(b: *mut Bio, buf: *mut c_char, size: c_int) -> c_int {
    let Some(b) = handle::borrow(b) else {
        bio::null_param(FUNC);
        return -1;
    };
    if size < 0 {
        bio::invalid_argument(FUNC);
        return -1;
    }
    if buf.is_null() {
        bio::null_param(FUNC);
        return -1;
    }
    // SAFETY: the caller provides `size` writable bytes at `buf`.
    let s = unsafe { std::slice::from_raw_parts_mut(buf as *mut u8, size as usize) };
    b.gets(s)
}

// ---- ctrl -------------------------------------------------------------------

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_ctrl(
    b: *mut Bio,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> c_long {
    let Some(b) = handle::borrow(b) else {
        return -1;
    };
    // SAFETY: `parg` is what the BIO_* macro for `cmd` passes.
    let arg = unsafe { decode(b, cmd, larg, parg) };
    b.ctrl(cmd, larg, arg)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_int_ctrl(
    b: *mut Bio,
    cmd: c_int,
    larg: c_long,
    iarg: c_int,
) -> c_long {
    let mut i = iarg;
    // SAFETY: passes a pointer to a live local int, as OpenSSL does.
    unsafe { BIO_ctrl(b, cmd, larg, &mut i as *mut c_int as *mut c_void) }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_ptr_ctrl(b: *mut Bio, cmd: c_int, larg: c_long) -> *mut c_void {
    let mut p: *mut c_void = std::ptr::null_mut();
    // SAFETY: passes a pointer to a live local pointer, as OpenSSL does.
    let r = unsafe { BIO_ctrl(b, cmd, larg, &mut p as *mut *mut c_void as *mut c_void) };
    if r <= 0 { std::ptr::null_mut() } else { p }
}

#[entry(fail = -2)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_callback_ctrl(
    b: *mut Bio,
    cmd: c_int,
    fp: Option<unsafe extern "C" fn(*mut Bio, c_int, c_int) -> c_int>,
) -> c_long {
    match handle::borrow(b) {
        Some(b) => b.callback_ctrl(cmd, fp),
        None => -2,
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_ctrl_pending(b: *mut Bio) -> usize {
    handle::borrow(b).map_or(0, |b| b.ctrl_count(BIO_CTRL_PENDING))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_ctrl_wpending(b: *mut Bio) -> usize {
    handle::borrow(b).map_or(0, |b| b.ctrl_count(BIO_CTRL_WPENDING))
}

/// `BIO_ctrl(b, cmd, 0, NULL)` with BIO_ctrl's NULL convention (-1).
fn simple_ctrl(b: *mut Bio, cmd: c_int) -> c_long {
    handle::borrow(b).map_or(-1, |b| b.ctrl(cmd, 0, CtrlArg::None))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_ctrl_get_write_guarantee(b: *mut Bio) -> usize {
    // OpenSSL casts the long straight to size_t.
    guard(FUNC, 0, || {
        simple_ctrl(b, BIO_C_GET_WRITE_GUARANTEE) as usize
    })
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_ctrl_get_read_request(b: *mut Bio) -> usize {
    simple_ctrl(b, BIO_C_GET_READ_REQUEST) as usize
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_ctrl_reset_read_request(b: *mut Bio) -> c_int {
    (simple_ctrl(b, BIO_C_RESET_READ_REQUEST) != 0) as c_int
}

// ---- object fields ----------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_method_type(b: *const Bio) -> c_int {
    handle::borrow(b).map_or(0, |b| b.method_type())
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_method_name(b: *const Bio) -> *const c_char {
    // The name lives as long as the BIO (its method is kept alive by it).
    guard(FUNC, std::ptr::null(), || {
        handle::borrow(b).map_or(std::ptr::null(), |b| b.method_name().as_ptr())
    })
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_number_read(b: *mut Bio) -> u64 {
    handle::borrow(b).map_or(0, |b| b.number_read())
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_number_written(b: *mut Bio) -> u64 {
    handle::borrow(b).map_or(0, |b| b.number_written())
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_get_retry_reason(b: *mut Bio) -> c_int {
    handle::borrow(b).map_or(0, |b| b.retry_reason())
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_set_retry_reason(b: *mut Bio, reason: c_int) {
    if let Some(b) = handle::borrow(b) {
        b.set_retry_reason(reason);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_get_retry_BIO(b: *mut Bio, reason: *mut c_int) -> *mut Bio {
    let Some((last, r)) = handle::borrow(b).and_then(|b| b.retry_bio()) else {
        return null();
    };
    if !reason.is_null() {
        // SAFETY: non-NULL out-parameter from the caller.
        unsafe { *reason = r };
    }
    ptr_of(Some(last))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_copy_next_retry(b: *mut Bio) {
    if let Some(b) = handle::borrow(b) {
        b.copy_next_retry();
    }
}

// ---- chains -----------------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_push(b: *mut Bio, append: *mut Bio) -> *mut Bio {
    let Some(head) = handle::borrow(b) else {
        return append;
    };
    let tail = handle::clone_arc(append);
    head.push(tail.as_ref());
    b
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_pop(b: *mut Bio) -> *mut Bio {
    ptr_of(handle::borrow(b).and_then(|b| b.pop()))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_next(b: *mut Bio) -> *mut Bio {
    ptr_of(handle::borrow(b).and_then(|b| b.next()))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_set_next(b: *mut Bio, next: *mut Bio) {
    if let Some(b) = handle::borrow(b) {
        b.set_next(handle::clone_arc(next).as_ref());
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_find_type(b: *mut Bio, ty: c_int) -> *mut Bio {
    match handle::borrow(b) {
        Some(b) => ptr_of(b.find_type(ty)),
        None => {
            bio::null_param(FUNC);
            null()
        }
    }
}

// ---- built-in methods -------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_s_mem() -> *const BioMethod {
    &MEM_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_s_file() -> *const BioMethod {
    &super::bio_method::FILE_METHOD
}

/// A file BIO on `filename` opened with `mode` (closed with the BIO); NULL
/// with OpenSSL's errors when it cannot be opened.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_new_file(filename: *const c_char, mode: *const c_char) -> *mut Bio {
    let (Some(path), Some(m)) = (handle::c_cstr(filename), handle::c_cstr(mode)) else {
        crate::bio::null_param(FUNC);
        return null();
    };
    let Some(f) = crate::bio::file::open(path, m, FUNC) else {
        return null();
    };
    let b = Bio::new_file();
    b.ctrl(
        BIO_C_SET_FILE_PTR,
        crate::bio::file::new_file_flags(m),
        CtrlArg::Raw(f.addr() as *mut c_void),
    );
    out(Some(b))
}

/// A file BIO on the program's stream, closed with the BIO when
/// `close_flag` has `BIO_CLOSE`.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_new_fp(stream: *mut libc::FILE, close_flag: c_int) -> *mut Bio {
    let b = Bio::new_file();
    b.ctrl(
        BIO_C_SET_FILE_PTR,
        c_long::from(close_flag),
        CtrlArg::Raw(stream.cast()),
    );
    out(Some(b))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_s_bio() -> *const BioMethod {
    &PAIR_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_s_socket() -> *const BioMethod {
    &SOCKET_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_s_fd() -> *const BioMethod {
    &FD_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_s_null() -> *const BioMethod {
    &NULL_METHOD
}

#[entry(
    limitation = "connects in blocking mode even after BIO_set_nbio; no BIO_set_conn_address, no info callback"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_s_connect() -> *const BioMethod {
    &CONNECT_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_f_buffer() -> *const BioMethod {
    &BUFFER_METHOD
}

/// `BIO_new(BIO_s_connect())` set to connect to `host_port`
/// ("host:port"); NULL when the string does not parse.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_new_connect(host_port: *const c_char) -> *mut Bio {
    let Some(b) = Bio::new(Box::new(bio::ConnectBio::new())) else {
        return null();
    };
    let arg = CtrlArg::Str(handle::c_cstr(host_port));
    if b.ctrl(BIO_C_SET_CONNECT, 0, arg) == 0 {
        return null();
    }
    out(Some(b))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_new_mem_buf(buf: *const c_void, len: c_int) -> *mut Bio {
    if buf.is_null() {
        bio::null_param(FUNC);
        return null();
    }
    let data = if len < 0 {
        // SAFETY: len -1 means a NUL-terminated string.
        unsafe { CStr::from_ptr(buf as *const c_char) }.to_bytes()
    } else {
        // SAFETY: the caller provides `len` readable bytes at `buf`.
        unsafe { std::slice::from_raw_parts(buf as *const u8, len as usize) }
    };
    // A copy, not a borrow: the caller's buffer may go away first.
    out(Some(Bio::new_mem_buf(data)))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_new_bio_pair(
    bio1: *mut *mut Bio,
    size1: usize,
    bio2: *mut *mut Bio,
    size2: usize,
) -> c_int {
    if bio1.is_null() || bio2.is_null() {
        return 0;
    }
    let (a, b, ok) = match Bio::new_pair(size1, size2) {
        Some((a, b)) => (handle::into_raw(a), handle::into_raw(b), 1),
        None => (null(), null(), 0),
    };
    // SAFETY: non-NULL out-parameters from the caller.
    unsafe {
        *bio1 = a;
        *bio2 = b;
    }
    ok
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_new_socket(fd: c_int, close_flag: c_int) -> *mut Bio {
    let b = Bio::new_fd_kind(bio::FdKind::Socket);
    b.ctrl(BIO_C_SET_FD, close_flag as c_long, CtrlArg::Int(fd));
    out(Some(b))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_new_fd(fd: c_int, close_flag: c_int) -> *mut Bio {
    let b = Bio::new_fd_kind(bio::FdKind::Fd);
    b.ctrl(BIO_C_SET_FD, close_flag as c_long, CtrlArg::Int(fd));
    out(Some(b))
}

// ---- descriptor helpers ----------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_sock_non_fatal_error(err: c_int) -> c_int {
    bio::non_fatal_error(err) as c_int
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_fd_non_fatal_error(err: c_int) -> c_int {
    bio::non_fatal_error(err) as c_int
}

/// `BIO_sock_should_retry(i)`: for a 0 or -1 return, whether errno is
/// retryable.

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_sock_should_retry(i: c_int) -> c_int {
    (matches!(i, 0 | -1) && bio::non_fatal_error(sys::errno())) as c_int
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_fd_should_retry(i: c_int) -> c_int {
    (matches!(i, 0 | -1) && bio::non_fatal_error(sys::errno())) as c_int
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_set_tcp_ndelay(s: c_int, on: c_int) -> c_int {
    sys::set_tcp_nodelay(s, on).is_ok() as c_int
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_socket_nbio(s: c_int, mode: c_int) -> c_int {
    match sys::set_nonblocking(s, mode != 0) {
        Ok(_) => 1,
        Err(e) => {
            // OpenSSL reports the failed ioctl as a system error.
            crate::err::raise(ERR_LIB_SYS, e, FUNC, file!(), line!());
            0
        }
    }
}
