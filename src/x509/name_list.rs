//! `STACK_OF(X509_NAME)` as an `SSL_CTX`/`SSL` owns it: the client CA list
//! a server sends in its CertificateRequest, or the list a client received.

use super::X509Name;
use crate::stack::OpensslStack;
use std::sync::Arc;

/// The names (one reference each) and the C stack that lists them, so the
/// getters hand out the same pointer every time (get0 semantics).
#[derive(Clone)]
pub struct NameList {
    names: Vec<Arc<X509Name>>,
    stack: Arc<OpensslStack>,
}

fn addr(n: &Arc<X509Name>) -> usize {
    Arc::as_ptr(n) as usize
}

impl NameList {
    pub fn empty() -> NameList {
        NameList::of(Vec::new())
    }

    /// A list over `names`, with a new stack.
    pub fn of(names: Vec<Arc<X509Name>>) -> NameList {
        let stack = OpensslStack::of(&names, addr);
        NameList { names, stack }
    }

    /// A list that keeps the application's own stack (`set_client_CA_list`
    /// takes it over): `names` are the objects its addresses point to.
    pub fn adopt(names: Vec<Arc<X509Name>>, stack: Arc<OpensslStack>) -> NameList {
        NameList { names, stack }
    }

    /// `add_client_CA`: the name is appended to the same C stack, so a
    /// pointer the application got earlier sees it too.
    pub fn with_added(&self, name: Arc<X509Name>) -> NameList {
        self.stack.lock().items.push(addr(&name));
        let mut names = self.names.clone();
        names.push(name);
        NameList {
            names,
            stack: self.stack.clone(),
        }
    }

    pub fn names(&self) -> &[Arc<X509Name>] {
        &self.names
    }

    pub fn stack(&self) -> &Arc<OpensslStack> {
        &self.stack
    }
}

impl std::fmt::Debug for NameList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(
                self.names
                    .iter()
                    .map(|n| n.oneline(None).unwrap_or_default()),
            )
            .finish()
    }
}
