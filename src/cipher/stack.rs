//! The `STACK_OF(SSL_CIPHER)` that `SSL_get_ciphers`/`SSL_CTX_get_ciphers`
//! hand out: one stack per list, kept while the list is unchanged, so
//! programs that hold the pointer across calls keep a valid one.

use super::SslCipher;
use crate::stack::OpensslStack;
use std::sync::Arc;

/// The same ciphers in the same order (they are statics: by address).
pub fn same_list(a: &[&SslCipher], b: &[&SslCipher]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| std::ptr::eq(*x, *y))
}

/// The stack for `list`, reusing `cache` while the list is unchanged.
pub fn stack_for(
    cache: &mut Option<(Vec<&'static SslCipher>, Arc<OpensslStack>)>,
    list: Vec<&'static SslCipher>,
) -> Arc<OpensslStack> {
    if let Some((l, s)) = cache
        && same_list(l, &list)
    {
        return s.clone();
    }
    // Cipher objects are statics: the stack holds their addresses only.
    let addrs = list
        .iter()
        .map(|c| *c as *const SslCipher as usize)
        .collect();
    let stack = OpensslStack::new(addrs, None);
    *cache = Some((list, stack.clone()));
    stack
}
