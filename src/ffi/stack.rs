//! `OPENSSL_sk_*` (openssl/stack.h): the untyped stack behind every
//! `STACK_OF(T)` accessor. Comparison, free and copy functions are the
//! application's, called here with OpenSSL's conventions: a comparison gets
//! pointers to the two element slots, not the elements.

#![allow(non_snake_case)]

use super::handle::{self, Handle, guard};
use crate::stack::OpensslStack;
use sslshim_macros::entry;
use std::cmp::Ordering;
use std::ffi::c_void;
use std::os::raw::c_int;
use std::ptr;

// SAFETY: OpensslStack is #[repr(C)] with its u64 magic first, constant for life.
unsafe impl Handle for OpensslStack {
    const MAGIC: u64 = OpensslStack::MAGIC;
    fn magic(&self) -> u64 {
        OpensslStack::magic(self)
    }
}

pub type CompFn = Option<unsafe extern "C" fn(*const c_void, *const c_void) -> c_int>;
pub type FreeFn = Option<unsafe extern "C" fn(*mut c_void)>;
pub type CopyFn = Option<unsafe extern "C" fn(*const c_void) -> *mut c_void>;
type Comp = unsafe extern "C" fn(*const c_void, *const c_void) -> c_int;

fn cmp_fn(addr: Option<usize>) -> Option<Comp> {
    // SAFETY: only ever stored from a CompFn passed by the application.
    addr.map(|a| unsafe { std::mem::transmute::<usize, Comp>(a) })
}

fn compare(cmp: Comp, a: &usize, b: &usize) -> Ordering {
    // SAFETY: OpenSSL passes the addresses of the two slots; both live in
    // the caller's frame for the duration of the call.
    let r = unsafe {
        cmp(
            a as *const usize as *const c_void,
            b as *const usize as *const c_void,
        )
    };
    r.cmp(&0)
}

/// Insertion sort: stable, and a comparison that is not a total order
/// (possible in C) cannot make it panic or loop.
fn sort(items: &mut [usize], cmp: Comp) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && compare(cmp, &items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn with_sk<R: Copy>(
    func: &'static str,
    sk: *const OpensslStack,
    err: R,
    body: impl FnOnce(&OpensslStack) -> R,
) -> R {
    // OpenSSL treats a NULL stack as empty/absent without an error entry.
    guard(func, err, || match handle::borrow(sk) {
        Some(s) => body(s),
        None => err,
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_new_null() -> *mut OpensslStack {
    handle::into_raw(OpensslStack::new(Vec::new(), None))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_new(cmp: CompFn) -> *mut OpensslStack {
    handle::into_raw(OpensslStack::new(Vec::new(), cmp.map(|f| f as usize)))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_new_reserve(cmp: CompFn, n: c_int) -> *mut OpensslStack {
    let cap = usize::try_from(n).unwrap_or(0).min(1 << 20);
    handle::into_raw(OpensslStack::new(
        Vec::with_capacity(cap),
        cmp.map(|f| f as usize),
    ))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_reserve(sk: *mut OpensslStack, n: c_int) -> c_int {
    with_sk(FUNC, sk, FAIL, |s| {
        let Ok(n) = usize::try_from(n) else { return 0 };
        let mut g = s.lock();
        let extra = n.saturating_sub(g.items.len()).min(1 << 20);
        g.items.reserve(extra);
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_free(sk: *mut OpensslStack) {
    handle::release(sk);
}

/// Frees each element with `func`, then the stack.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_pop_free(sk: *mut OpensslStack, func: FreeFn) {
    let Some(s) = handle::borrow(sk) else { return };
    let items = std::mem::take(&mut s.lock().items);
    if let Some(f) = func {
        for p in items.into_iter().filter(|p| *p != 0) {
            // SAFETY: the application's free function for its own elements.
            unsafe { f(p as *mut c_void) };
        }
    }
    handle::release(sk);
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_zero(sk: *mut OpensslStack) {
    with_sk(FUNC, sk, FAIL, |s| s.lock().items.clear())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_num(sk: *const OpensslStack) -> c_int {
    with_sk(FUNC, sk, -1, |s| s.len().min(c_int::MAX as usize) as c_int)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_value(sk: *const OpensslStack, i: c_int) -> *mut c_void {
    with_sk(FUNC, sk, FAIL, |s| {
        let g = s.lock();
        usize::try_from(i)
            .ok()
            .and_then(|i| g.items.get(i))
            .map_or(ptr::null_mut(), |p| *p as *mut c_void)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_set(
    sk: *mut OpensslStack,
    i: c_int,
    data: *const c_void,
) -> *mut c_void {
    with_sk(FUNC, sk, FAIL, |s| {
        let mut g = s.lock();
        match usize::try_from(i).ok().and_then(|i| g.items.get_mut(i)) {
            Some(slot) => {
                *slot = data as usize;
                g.sorted = false;
                data as *mut c_void
            }
            None => ptr::null_mut(),
        }
    })
}

/// Inserts at `loc` (out of range: at the end); returns the new count.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_insert(
    sk: *mut OpensslStack,
    data: *const c_void,
    loc: c_int,
) -> c_int {
    with_sk(FUNC, sk, FAIL, |s| {
        let mut g = s.lock();
        if g.items.len() >= c_int::MAX as usize {
            return 0;
        }
        let n = g.items.len();
        let at = usize::try_from(loc).ok().filter(|l| *l <= n).unwrap_or(n);
        g.items.insert(at, data as usize);
        g.sorted = false;
        g.items.len() as c_int
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_push(sk: *mut OpensslStack, data: *const c_void) -> c_int {
    OPENSSL_sk_insert(sk, data, -1)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_unshift(sk: *mut OpensslStack, data: *const c_void) -> c_int {
    OPENSSL_sk_insert(sk, data, 0)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_delete(sk: *mut OpensslStack, loc: c_int) -> *mut c_void {
    with_sk(FUNC, sk, FAIL, |s| {
        let mut g = s.lock();
        match usize::try_from(loc).ok().filter(|l| *l < g.items.len()) {
            Some(i) => g.items.remove(i) as *mut c_void,
            None => ptr::null_mut(),
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_delete_ptr(sk: *mut OpensslStack, p: *const c_void) -> *mut c_void {
    with_sk(FUNC, sk, FAIL, |s| {
        let mut g = s.lock();
        match g.items.iter().position(|x| *x == p as usize) {
            Some(i) => g.items.remove(i) as *mut c_void,
            None => ptr::null_mut(),
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_pop(sk: *mut OpensslStack) -> *mut c_void {
    with_sk(FUNC, sk, FAIL, |s| {
        s.lock()
            .items
            .pop()
            .map_or(ptr::null_mut(), |p| p as *mut c_void)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_shift(sk: *mut OpensslStack) -> *mut c_void {
    OPENSSL_sk_delete(sk, 0)
}

/// Without a comparison function: the first slot holding `data` itself.
/// With one: sorts the stack (as OpenSSL does) and finds the first element
/// comparing equal. `nearest` gives OpenSSL's find_ex answer when absent.
fn find(
    sk: *mut OpensslStack,
    data: *const c_void,
    nearest: bool,
    count: Option<&mut c_int>,
) -> c_int {
    with_sk("OPENSSL_sk_find", sk, -1, |s| {
        let mut g = s.lock();
        let key = data as usize;
        let Some(cmp) = cmp_fn(g.cmp) else {
            let found = g.items.iter().position(|x| *x == key);
            if let Some(c) = count {
                *c = g.items.iter().filter(|x| **x == key).count() as c_int;
            }
            return found.map_or(-1, |i| i as c_int);
        };
        if !g.sorted {
            sort(&mut g.items, cmp);
            g.sorted = true;
        }
        let lo = g
            .items
            .partition_point(|x| compare(cmp, x, &key) == Ordering::Less);
        let hi = g
            .items
            .partition_point(|x| compare(cmp, x, &key) != Ordering::Greater);
        if let Some(c) = count {
            *c = (hi - lo) as c_int;
        }
        if lo < hi {
            lo as c_int
        } else if nearest && !g.items.is_empty() {
            lo.min(g.items.len() - 1) as c_int
        } else {
            -1
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_find(sk: *mut OpensslStack, data: *const c_void) -> c_int {
    find(sk, data, false, None)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_find_ex(sk: *mut OpensslStack, data: *const c_void) -> c_int {
    find(sk, data, true, None)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OPENSSL_sk_find_all(
    sk: *mut OpensslStack,
    data: *const c_void,
    pnum: *mut c_int,
) -> c_int {
    let mut n = 0;
    let r = find(sk, data, false, Some(&mut n));
    if !pnum.is_null() {
        // SAFETY: a non-NULL `pnum` points to an int the caller owns.
        unsafe { *pnum = n };
    }
    r
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_set_cmp_func(sk: *mut OpensslStack, cmp: CompFn) -> CompFn {
    with_sk(FUNC, sk, FAIL, |s| {
        let mut g = s.lock();
        let old = cmp_fn(g.cmp);
        let new = cmp.map(|f| f as usize);
        if new != g.cmp {
            g.sorted = false;
        }
        g.cmp = new;
        old
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_sort(sk: *mut OpensslStack) {
    with_sk(FUNC, sk, FAIL, |s| {
        let mut g = s.lock();
        if let Some(cmp) = cmp_fn(g.cmp)
            && !g.sorted
        {
            sort(&mut g.items, cmp);
            g.sorted = true;
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_is_sorted(sk: *const OpensslStack) -> c_int {
    // OpenSSL: a NULL stack counts as sorted.
    guard(FUNC, 1, || match handle::borrow(sk) {
        Some(s) => c_int::from(s.lock().sorted),
        None => 1,
    })
}

/// A shallow copy: same element pointers, same comparison function.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_dup(sk: *const OpensslStack) -> *mut OpensslStack {
    with_sk(FUNC, sk, FAIL, |s| {
        let g = s.lock();
        let copy = OpensslStack::new(g.items.clone(), g.cmp);
        copy.lock().sorted = g.sorted;
        handle::into_raw(copy)
    })
}

/// Copies each element with `copy`; on a failed copy frees what was made
/// with `free` and returns NULL.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_sk_deep_copy(
    sk: *const OpensslStack,
    copy: CopyFn,
    free: FreeFn,
) -> *mut OpensslStack {
    with_sk(FUNC, sk, FAIL, |s| {
        let Some(copy) = copy else {
            return ptr::null_mut();
        };
        let (items, cmp, sorted) = {
            let g = s.lock();
            (g.items.clone(), g.cmp, g.sorted)
        };
        let mut out = Vec::with_capacity(items.len());
        for p in items {
            if p == 0 {
                out.push(0);
                continue;
            }
            // SAFETY: the application's copy function for its own elements.
            let c = unsafe { copy(p as *const c_void) };
            if c.is_null() {
                if let Some(f) = free {
                    for q in out.into_iter().filter(|q| *q != 0) {
                        // SAFETY: elements the application's copy just made.
                        unsafe { f(q as *mut c_void) };
                    }
                }
                return ptr::null_mut();
            }
            out.push(c as usize);
        }
        let st = OpensslStack::new(out, cmp);
        st.lock().sorted = sorted;
        handle::into_raw(st)
    })
}
