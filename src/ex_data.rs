//! Application data slots (`SSL_set_ex_data`, `CRYPTO_get_ex_new_index`).
//!
//! The values are C pointers we never dereference; they are kept as
//! addresses. Index allocation is per class, process-wide, as in OpenSSL,
//! and the class's new/free callbacks run when an object is created and
//! when its last reference goes. The callbacks are C functions: the core
//! keeps them as opaque addresses and the ffi layer installs the hooks that
//! call them.

#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, OnceLock};

/// `CRYPTO_EX_INDEX_*` classes; index 0 is reserved in OpenSSL for the
/// legacy "app data" slot, so allocation starts at 1 for every class.
const CLASSES: usize = 18;
static NEXT: [AtomicI32; CLASSES] = [const { AtomicI32::new(1) }; CLASSES];

/// One `CRYPTO_get_ex_new_index` registration.
#[derive(Clone, Copy, Debug)]
pub struct Registration {
    pub class: i32,
    pub idx: i32,
    pub argl: i64,
    pub argp: usize,
    /// Addresses of the C callbacks (0 = none).
    pub new_fn: usize,
    pub free_fn: usize,
}

static REGISTRATIONS: Mutex<Vec<Registration>> = Mutex::new(Vec::new());

/// How the ffi layer calls a callback: (registration, parent object
/// address, slot value, address of the slot store).
pub type Hook = fn(&Registration, usize, usize, usize);
static NEW_HOOK: OnceLock<Hook> = OnceLock::new();
static FREE_HOOK: OnceLock<Hook> = OnceLock::new();

pub fn set_hooks(new: Hook, free: Hook) {
    let _ = NEW_HOOK.set(new);
    let _ = FREE_HOOK.set(free);
}

/// `CRYPTO_get_ex_new_index`: -1 for an unknown class.
pub fn new_index(class: i32, argl: i64, argp: usize, new_fn: usize, free_fn: usize) -> i32 {
    let Some(c) = usize::try_from(class).ok().filter(|c| *c < CLASSES) else {
        return -1;
    };
    let idx = NEXT[c].fetch_add(1, Ordering::Relaxed);
    if new_fn != 0 || free_fn != 0 {
        let mut regs = REGISTRATIONS.lock().unwrap_or_else(|e| e.into_inner());
        regs.push(Registration {
            class,
            idx,
            argl,
            argp,
            new_fn,
            free_fn,
        });
    }
    idx
}

fn registrations(class: i32) -> Vec<Registration> {
    let regs = REGISTRATIONS.lock().unwrap_or_else(|e| e.into_inner());
    regs.iter().filter(|r| r.class == class).copied().collect()
}

#[derive(Debug)]
pub struct ExData {
    class: i32,
    slots: Mutex<Vec<usize>>,
}

impl ExData {
    pub fn new(class: i32) -> Self {
        ExData {
            class,
            slots: Mutex::new(Vec::new()),
        }
    }

    /// Runs the class's new callbacks for a freshly made object.
    pub fn created(&self, parent: usize) {
        self.run(NEW_HOOK.get(), |r| r.new_fn != 0, parent);
    }

    /// Runs the class's free callbacks; the object's last reference is going.
    pub fn destroyed(&self, parent: usize) {
        self.run(FREE_HOOK.get(), |r| r.free_fn != 0, parent);
    }

    fn run(&self, hook: Option<&Hook>, wanted: impl Fn(&Registration) -> bool, parent: usize) {
        let Some(hook) = hook else { return };
        for r in registrations(self.class).iter().filter(|r| wanted(r)) {
            hook(r, parent, self.get(r.idx), self as *const ExData as usize);
        }
    }

    /// `*_set_ex_data`: 1 on success, 0 for a negative index.
    pub fn set(&self, idx: i32, value: usize) -> bool {
        let Ok(i) = usize::try_from(idx) else {
            return false;
        };
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots.len() <= i {
            slots.resize(i + 1, 0);
        }
        slots[i] = value;
        true
    }

    /// `CRYPTO_dup_ex_data` without dup callbacks (none can be registered
    /// here): the same values.
    pub fn copy_from(&self, other: &ExData) {
        let values = other
            .slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        *self.slots.lock().unwrap_or_else(|e| e.into_inner()) = values;
    }

    /// `*_get_ex_data`: NULL (0) when never set.
    pub fn get(&self, idx: i32) -> usize {
        let Ok(i) = usize::try_from(idx) else {
            return 0;
        };
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.get(i).copied().unwrap_or(0)
    }
}
