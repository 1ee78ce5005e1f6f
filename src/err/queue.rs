//! The thread-local error queue, laid out as OpenSSL 3's `ERR_STATE`: a ring
//! of `ERR_NUM_ERRORS` slots where `top == bottom` means empty, so at most
//! 15 errors are held and the oldest is dropped when a 16th arrives.
//!
//! Popped slots keep their strings until the slot is reused, because C callers
//! may still hold the `data` pointer `ERR_get_error_all` gave them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::os::raw::{c_int, c_ulong};
use std::sync::{Arc, Mutex, OnceLock};

/// `ERR_NUM_ERRORS` of OpenSSL 3's err.h.
pub(super) const NUM_ERRORS: usize = 16;

/// `ERR_TXT_MALLOCED | ERR_TXT_STRING`: what OpenSSL reports for data given
/// with `ERR_raise_data`.
const DATA_FLAGS: c_int = crate::abi::ERR_TXT_MALLOCED | crate::abi::ERR_TXT_STRING;

#[derive(Default)]
struct Slot {
    code: c_ulong,
    file: Option<&'static CStr>,
    line: c_int,
    func: Option<&'static CStr>,
    data: Option<Arc<CStr>>,
    /// `ERR_set_mark` count, as 3.0's `err_marks`.
    marks: u32,
}

#[derive(Default)]
struct Queue {
    slots: [Slot; NUM_ERRORS],
    top: usize,
    bottom: usize,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::new(Queue::default());
}

/// Runs `f` on this thread's queue; `None` while the thread is being torn
/// down or on re-entry, both of which we treat as "no queue".
fn with<R>(f: impl FnOnce(&mut Queue) -> R) -> Option<R> {
    QUEUE
        .try_with(|q| q.try_borrow_mut().ok().map(|mut q| f(&mut q)))
        .ok()
        .flatten()
}

/// Turns a Rust string into a NUL-terminated one that lives for the process.
/// C callers keep `file`/`func` pointers indefinitely (OpenSSL's are string
/// literals), so these are interned; the set is bounded by the distinct
/// file and function names in the program.
pub(super) fn intern(s: &str) -> &'static CStr {
    static TABLE: OnceLock<Mutex<HashMap<String, &'static CStr>>> = OnceLock::new();
    let table = TABLE.get_or_init(Default::default);
    let mut map = match table.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(c) = map.get(s) {
        return c;
    }
    let head = s.split('\0').next().unwrap_or_default();
    let c: &'static CStr = Box::leak(CString::new(head).unwrap_or_default().into_boxed_c_str());
    map.insert(s.to_owned(), c);
    c
}

/// One error as the `ERR_get_error_all` family reports it. The strings are
/// already defaulted the way OpenSSL defaults them (`""` when absent).
#[derive(Clone, Debug)]
pub struct Record {
    pub code: c_ulong,
    pub file: &'static CStr,
    pub line: c_int,
    pub func: &'static CStr,
    /// Shared with the queue slot, which keeps it alive until the slot is
    /// reused or cleared: that is how long C may use its pointer.
    pub data: Option<Arc<CStr>>,
    pub flags: c_int,
    /// The same detail as owned text, for Rust callers.
    pub text: Option<String>,
}

/// Which entry a query looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// The oldest, removing it (`ERR_get_error*`).
    Pop,
    /// The oldest, leaving it (`ERR_peek_error*`).
    PeekFirst,
    /// The newest (`ERR_peek_last_error*`).
    PeekLast,
}

/// Our own queue (the standalone flavour's `ErrorQueue`).
pub struct OwnQueue;
pub static OWN: OwnQueue = OwnQueue;

impl super::ErrorQueue for OwnQueue {
    fn push(
        &self,
        lib: c_int,
        reason: c_int,
        func: &str,
        file: &str,
        line: u32,
        data: Option<String>,
    ) {
        push(super::pack(lib, reason), func, file, line, data);
    }
    fn query(&self, pick: Pick) -> Option<Record> {
        query(pick)
    }
    fn clear(&self) {
        clear();
    }
    fn set_mark(&self) -> bool {
        set_mark()
    }
    fn unwind_to_mark(&self, keep_errors: bool) -> bool {
        unwind_to_mark(keep_errors)
    }
}

fn push(code: c_ulong, func: &str, file: &str, line: u32, data: Option<String>) {
    let func = intern(func);
    let file = intern(file);
    let data = data.map(|d| {
        let head = d.split('\0').next().unwrap_or_default().to_owned();
        Arc::<CStr>::from(CString::new(head).unwrap_or_default())
    });
    with(|q| {
        q.top = (q.top + 1) % NUM_ERRORS;
        if q.top == q.bottom {
            q.bottom = (q.bottom + 1) % NUM_ERRORS;
        }
        q.slots[q.top] = Slot {
            code,
            file: Some(file),
            line: c_int::try_from(line).unwrap_or(c_int::MAX),
            func: Some(func),
            data,
            marks: 0,
        };
    });
}

fn query(pick: Pick) -> Option<Record> {
    with(|q| {
        if q.top == q.bottom {
            return None;
        }
        let i = match pick {
            Pick::PeekLast => q.top,
            Pick::Pop | Pick::PeekFirst => (q.bottom + 1) % NUM_ERRORS,
        };
        if pick == Pick::Pop {
            q.bottom = i;
        }
        let s = &q.slots[i];
        let flags = if s.data.is_some() { DATA_FLAGS } else { 0 };
        let data = s.data.clone();
        let rec = Record {
            code: s.code,
            file: s.file.unwrap_or(c""),
            line: s.line,
            func: s.func.unwrap_or(c""),
            data,
            flags,
            text: s.data.as_ref().map(|d| d.to_string_lossy().into_owned()),
        };
        if pick == Pick::Pop {
            q.slots[i].code = 0;
            q.slots[i].marks = 0;
        }
        Some(rec)
    })
    .flatten()
}

fn clear() {
    with(|q| *q = Queue::default());
}

/// `ERR_set_mark`: 0 when there is nothing to mark, as OpenSSL.
fn set_mark() -> bool {
    with(|q| {
        if q.top == q.bottom {
            return false;
        }
        q.slots[q.top].marks = q.slots[q.top].marks.saturating_add(1);
        true
    })
    .unwrap_or(false)
}

/// `ERR_pop_to_mark` (`keep_errors == false`) and `ERR_clear_last_mark`
/// (`keep_errors == true`): drop errors, or just marks, back to the newest mark.
fn unwind_to_mark(keep_errors: bool) -> bool {
    with(|q| {
        let mut i = q.top;
        while i != q.bottom && q.slots[i].marks == 0 {
            i = (i + NUM_ERRORS - 1) % NUM_ERRORS;
        }
        if !keep_errors {
            while q.top != i {
                q.slots[q.top] = Slot::default();
                q.top = (q.top + NUM_ERRORS - 1) % NUM_ERRORS;
            }
        }
        if i == q.bottom {
            return false;
        }
        q.slots[i].marks -= 1;
        true
    })
    .unwrap_or(false)
}
