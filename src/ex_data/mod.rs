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

#[cfg(feature = "dropin")]
pub mod libcrypto;

/// An object's values kept outside our own slots: in the drop-in flavour
/// the libssl classes' values live in libcrypto's `CRYPTO_EX_DATA`, since
/// the program allocates their indices from libcrypto and registers its
/// callbacks there (`flavour::ForeignExData`). Other classes, and every
/// class in the standalone flavour, use our own slots.
pub trait Foreign: Sized + Send + Sync {
    /// The store for a new object of `class`; `None`: our own slots.
    fn for_class(class: i32) -> Option<Self>;
    /// `CRYPTO_new_ex_data`: the class's new callbacks.
    fn created(&self, parent: usize);
    /// `CRYPTO_free_ex_data`: the class's free callbacks, then empty.
    fn destroyed(&self, parent: usize);
    /// `CRYPTO_dup_ex_data`.
    fn copy_from(&self, from: &Self);
    fn set(&self, idx: i32, value: usize) -> bool;
    fn get(&self, idx: i32) -> usize;
}

/// The standalone flavour's `Foreign`: none, every class uses our slots.
/// (Unused in the drop-in flavour, which names libcrypto's instead.)
#[allow(dead_code)]
pub enum OwnSlotsOnly {}

impl Foreign for OwnSlotsOnly {
    fn for_class(_class: i32) -> Option<Self> {
        None
    }
    fn created(&self, _parent: usize) {
        match *self {}
    }
    fn destroyed(&self, _parent: usize) {
        match *self {}
    }
    fn copy_from(&self, _from: &Self) {
        match *self {}
    }
    fn set(&self, _idx: i32, _value: usize) -> bool {
        match *self {}
    }
    fn get(&self, _idx: i32) -> usize {
        match *self {}
    }
}

type ForeignSlots = crate::flavour::ForeignExData;

pub struct ExData {
    class: i32,
    slots: Mutex<Vec<usize>>,
    foreign: Option<ForeignSlots>,
}

impl std::fmt::Debug for ExData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExData")
            .field("class", &self.class)
            .finish()
    }
}

impl ExData {
    pub fn new(class: i32) -> Self {
        ExData {
            class,
            slots: Mutex::new(Vec::new()),
            foreign: ForeignSlots::for_class(class),
        }
    }

    /// Runs the class's new callbacks for a freshly made object.
    pub fn created(&self, parent: usize) {
        if let Some(f) = &self.foreign {
            f.created(parent);
            return;
        }
        self.run(NEW_HOOK.get(), |r| r.new_fn != 0, parent);
    }

    /// Runs the class's free callbacks; the object's last reference is going.
    pub fn destroyed(&self, parent: usize) {
        if let Some(f) = &self.foreign {
            // Not under `slots`' lock: a free callback may read the
            // object's other values (`SSL_get_ex_data`), as in OpenSSL.
            f.destroyed(parent);
            return;
        }
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
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = &self.foreign {
            return f.set(idx, value);
        }
        let Ok(i) = usize::try_from(idx) else {
            return false;
        };
        if slots.len() <= i {
            slots.resize(i + 1, 0);
        }
        slots[i] = value;
        true
    }

    /// `CRYPTO_dup_ex_data` without dup callbacks (none can be registered
    /// here): the same values.
    pub fn copy_from(&self, other: &ExData) {
        if let (Some(to), Some(from)) = (&self.foreign, &other.foreign) {
            // Not locked: the copy is not shared yet, and a dup callback
            // may read it.
            to.copy_from(from);
            return;
        }
        let values = other
            .slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        *self.slots.lock().unwrap_or_else(|e| e.into_inner()) = values;
    }

    /// `*_get_ex_data`: NULL (0) when never set.
    pub fn get(&self, idx: i32) -> usize {
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = &self.foreign {
            return f.get(idx);
        }
        let Ok(i) = usize::try_from(idx) else {
            return 0;
        };
        slots.get(i).copied().unwrap_or(0)
    }
}
