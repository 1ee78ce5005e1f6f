//! `OPENSSL_STACK`: OpenSSL's untyped pointer stack behind every
//! `STACK_OF(T)`.
//!
//! Elements are the addresses C knows (as `usize`; the core never
//! dereferences them). A stack that libssl hands out with get0 semantics
//! (`SSL_get_peer_cert_chain`, `SSL_get_ciphers`) also keeps the objects its
//! addresses point to alive, in `owned`, for as long as the stack lives.

#![forbid(unsafe_code)]

use std::any::Any;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Default)]
pub struct Items {
    pub items: Vec<usize>,
    /// The comparison function's address (`OPENSSL_sk_set_cmp_func`).
    pub cmp: Option<usize>,
    pub sorted: bool,
}

#[repr(C)]
pub struct OpensslStack {
    magic: u64,
    inner: Mutex<Items>,
    owned: Vec<Arc<dyn Any + Send + Sync>>,
}

impl OpensslStack {
    pub const MAGIC: u64 = 0x5353_4c53_5354_4b21; // "SSLSSTK!"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn new(items: Vec<usize>, cmp: Option<usize>) -> Arc<OpensslStack> {
        Arc::new(OpensslStack {
            magic: Self::MAGIC,
            inner: Mutex::new(Items {
                items,
                cmp,
                sorted: false,
            }),
            owned: Vec::new(),
        })
    }

    /// A stack of `objects` (their C addresses given by `addr`), keeping a
    /// reference to each for the stack's life.
    pub fn of<T: Any + Send + Sync>(
        objects: &[Arc<T>],
        addr: impl Fn(&Arc<T>) -> usize,
    ) -> Arc<OpensslStack> {
        Arc::new(OpensslStack {
            magic: Self::MAGIC,
            inner: Mutex::new(Items {
                items: objects.iter().map(&addr).collect(),
                cmp: None,
                sorted: false,
            }),
            owned: objects
                .iter()
                .map(|o| o.clone() as Arc<dyn Any + Send + Sync>)
                .collect(),
        })
    }

    pub fn lock(&self) -> MutexGuard<'_, Items> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The kept objects of type `T`, in order (a stack made by `of`).
    pub fn objects<T: Any + Send + Sync>(&self) -> Vec<Arc<T>> {
        self.owned
            .iter()
            .filter_map(|o| o.clone().downcast::<T>().ok())
            .collect()
    }

    /// The addresses, in order.
    pub fn addrs(&self) -> Vec<usize> {
        self.lock().items.clone()
    }
}
