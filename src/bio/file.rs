//! `BIO_s_file` (bss_file.c): a BIO over a C `FILE *` stream, given by the
//! program (`BIO_new_fp`, `BIO_set_fp`) or opened by name (`BIO_new_file`,
//! `BIO_read_filename` and friends). Programs read PEM files through one
//! (socat reads DH parameters from its certificate file this way) and
//! print diagnostics to `stderr` through another. The stdio calls are the
//! OS layer's (src/os/stdio.rs).

use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_int, c_long};
use std::sync::Mutex;

use super::{Bio, BioImpl, CtrlArg, Op, clamp_int, conv};
use crate::abi::*;
use crate::os::stdio::CFile;

/// `bio->ptr`: the stream, once set.
#[derive(Default)]
pub struct FileBio {
    file: Mutex<Option<CFile>>,
}

impl FileBio {
    pub fn new() -> FileBio {
        FileBio::default()
    }

    fn file(&self) -> Option<CFile> {
        *self.file.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set_file(&self, f: Option<CFile>) {
        *self.file.lock().unwrap_or_else(|e| e.into_inner()) = f;
    }

    /// `file_free`: closes an owned stream; a borrowed one is left open.
    fn release(&self, bio: &Bio) {
        if bio.shutdown() != 0 {
            if bio.init() != 0
                && let Some(f) = self.file()
            {
                f.close();
                self.set_file(None);
            }
            bio.set_init(0);
        }
    }

    /// `BIO_C_SET_FILENAME`: the fopen mode its flags ask for.
    fn mode(flags: c_long) -> Option<&'static CStr> {
        let f = flags as c_int;
        if f & BIO_FP_APPEND != 0 {
            Some(if f & BIO_FP_READ != 0 { c"a+" } else { c"a" })
        } else if f & BIO_FP_READ != 0 && f & BIO_FP_WRITE != 0 {
            Some(c"r+")
        } else if f & BIO_FP_WRITE != 0 {
            Some(c"w")
        } else if f & BIO_FP_READ != 0 {
            Some(c"r")
        } else {
            None
        }
    }
}

/// OpenSSL's errors for a failed `fopen`: the system error with what was
/// called, then the BIO library's reason.
pub fn fopen_failed(errno: c_int, path: &CStr, mode: &CStr, bio_reason: c_int, func: &'static str) {
    crate::err::raise_sys_data(
        errno,
        func,
        file!(),
        line!(),
        format!(
            "calling fopen({}, {})",
            path.to_string_lossy(),
            mode.to_string_lossy()
        ),
    );
    crate::err::raise(ERR_LIB_BIO, bio_reason, func, file!(), line!());
}

impl BioImpl for FileBio {
    fn method_type(&self) -> c_int {
        BIO_TYPE_FILE
    }
    fn name(&self) -> &CStr {
        c"FILE pointer"
    }
    fn supports(&self, op: Op) -> bool {
        !matches!(op, Op::CallbackCtrl)
    }
    fn create(&self, bio: &Bio) -> bool {
        bio.set_init(0);
        true
    }
    fn read(&self, bio: &Bio, out: Option<&mut [u8]>, len: usize) -> (c_int, usize) {
        let (Some(out), Some(f)) = (out, self.file()) else {
            return (0, 0);
        };
        if bio.init() == 0 {
            return (0, 0);
        }
        let n = clamp_int(len) as usize;
        let (got, err) = f.read(&mut out[..n]);
        if err {
            let errno = crate::os::errno();
            crate::err::raise_sys_data(
                errno,
                "file_read",
                file!(),
                line!(),
                "calling fread()".into(),
            );
            crate::err::raise(ERR_LIB_BIO, ERR_R_SYS_LIB, "file_read", file!(), line!());
            return conv(-1);
        }
        conv(clamp_int(got))
    }
    fn write(&self, bio: &Bio, data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        let (Some(data), Some(f)) = (data, self.file()) else {
            return (0, 0);
        };
        if bio.init() == 0 {
            return (0, 0);
        }
        let n = clamp_int(len) as usize;
        // One item of n bytes: all or nothing, as OpenSSL writes.
        conv(if n == 0 || !f.write_all(&data[..n]) {
            0
        } else {
            clamp_int(n)
        })
    }
    fn puts(&self, bio: &Bio, s: &CStr) -> c_int {
        let b = s.to_bytes();
        self.write(bio, Some(b), b.len()).1.min(c_int::MAX as usize) as c_int
    }
    fn gets(&self, _bio: &Bio, buf: &mut [u8]) -> c_int {
        match self.file() {
            Some(f) => clamp_int(f.gets(buf)),
            None => {
                if let Some(b) = buf.first_mut() {
                    *b = 0;
                }
                0
            }
        }
    }
    fn ctrl(&self, bio: &Bio, cmd: c_int, larg: c_long, parg: CtrlArg<'_>) -> c_long {
        match cmd {
            BIO_C_FILE_SEEK | BIO_CTRL_RESET => {
                self.file().map_or(-1, |f| c_long::from(f.seek(larg)))
            }
            BIO_CTRL_EOF => self.file().map_or(1, |f| c_long::from(f.eof())),
            BIO_C_FILE_TELL | BIO_CTRL_INFO => self.file().map_or(-1, |f| f.tell()),
            BIO_C_SET_FILE_PTR => {
                self.release(bio);
                bio.set_shutdown((larg as c_int) & BIO_CLOSE);
                let addr = match parg {
                    CtrlArg::Raw(p) => p as usize,
                    _ => 0,
                };
                self.set_file(CFile::from_addr(addr));
                bio.set_init(1);
                1
            }
            BIO_C_SET_FILENAME => {
                self.release(bio);
                bio.set_shutdown((larg as c_int) & BIO_CLOSE);
                let Some(mode) = Self::mode(larg) else {
                    crate::err::raise(
                        ERR_LIB_BIO,
                        BIO_R_BAD_FOPEN_MODE,
                        "file_ctrl",
                        file!(),
                        line!(),
                    );
                    return 0;
                };
                let CtrlArg::Str(Some(path)) = parg else {
                    return 0;
                };
                match CFile::open(path, mode) {
                    Ok(f) => {
                        self.set_file(Some(f));
                        bio.set_init(1);
                        1
                    }
                    Err(errno) => {
                        fopen_failed(errno, path, mode, ERR_R_SYS_LIB, "file_ctrl");
                        0
                    }
                }
            }
            BIO_C_GET_FILE_PTR => {
                if let CtrlArg::PtrOut(Some(out)) = parg {
                    *out = self.file().map_or(0, CFile::addr) as *mut std::os::raw::c_void;
                }
                1
            }
            BIO_CTRL_GET_CLOSE => c_long::from(bio.shutdown()),
            BIO_CTRL_SET_CLOSE => {
                bio.set_shutdown(larg as c_int);
                1
            }
            BIO_CTRL_FLUSH => match self.file() {
                Some(f) if !f.flush() => {
                    let errno = crate::os::errno();
                    crate::err::raise_sys_data(
                        errno,
                        "file_ctrl",
                        file!(),
                        line!(),
                        "calling fflush()".into(),
                    );
                    crate::err::raise(ERR_LIB_BIO, ERR_R_SYS_LIB, "file_ctrl", file!(), line!());
                    0
                }
                _ => 1,
            },
            BIO_CTRL_DUP => 1,
            _ => 0,
        }
    }
    fn destroy(&self, bio: &Bio) {
        self.release(bio);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `BIO_new_file`'s open: the stream, or OpenSSL's errors (a missing file
/// is `BIO_R_NO_SUCH_FILE`).
pub fn open(path: &CStr, mode: &CStr, func: &'static str) -> Option<CFile> {
    match CFile::open(path, mode) {
        Ok(f) => Some(f),
        Err(errno) => {
            let reason = if errno == libc::ENOENT || errno == libc::ENXIO {
                BIO_R_NO_SUCH_FILE
            } else {
                ERR_R_SYS_LIB
            };
            fopen_failed(errno, path, mode, reason, func);
            None
        }
    }
}

/// `BIO_new_file`'s flags: `BIO_FP_TEXT` unless the mode says binary.
pub fn new_file_flags(mode: &CStr) -> c_long {
    let text = if mode.to_bytes().contains(&b'b') {
        0
    } else {
        BIO_FP_TEXT
    };
    c_long::from(BIO_CLOSE | text)
}
