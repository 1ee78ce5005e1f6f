//! Key logging in NSS key log format ("LABEL <client_random> <secret>", hex):
//! `SSL_CTX_set_keylog_callback`, and, beyond OpenSSL 3.0, the
//! `SSLKEYLOGFILE` environment variable for programs without a callback.
//!
//! Every rustls config carries one `ForwardKeyLog` (`crate::observe`);
//! rustls calls it inside a handshake step, and it hands the secret to the
//! connection whose step is running. The connection then queues the line
//! for the application's callback (run after the lock is released) and
//! appends it to the key log file: this module.

use super::Conn;
use crate::observe::Secret;
use std::ffi::CString;
use std::fmt::Write as _;
use std::fs::File;
use std::io::Write as _;
use std::sync::{Mutex, OnceLock};

/// One line, without a newline (OpenSSL's callback gets none).
fn line(s: &Secret) -> String {
    let mut out = String::with_capacity(s.label.len() + 2 + 2 * (32 + s.secret.len()));
    out.push_str(s.label);
    out.push(' ');
    for b in &s.client_random {
        let _ = write!(out, "{b:02x}");
    }
    out.push(' ');
    for b in &s.secret {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The file named by `SSLKEYLOGFILE`, opened for appending at first use;
/// `None` when the variable is unset or empty.
fn keylog_file() -> Option<&'static Mutex<File>> {
    static FILE: OnceLock<Option<Mutex<File>>> = OnceLock::new();
    FILE.get_or_init(|| {
        let path = std::env::var_os("SSLKEYLOGFILE").filter(|p| !p.is_empty())?;
        let shown = path.to_string_lossy();
        match File::options().append(true).create(true).open(&path) {
            Ok(f) => {
                eprintln!("sslshim: SSLKEYLOGFILE is set: writing TLS secrets to {shown}");
                Some(Mutex::new(f))
            }
            Err(e) => {
                eprintln!("sslshim: SSLKEYLOGFILE is set but {shown} cannot be opened: {e}");
                None
            }
        }
    })
    .as_ref()
}

impl Conn {
    /// Whether this handshake step should collect secrets at all. A
    /// program with a keylog callback logs its own way (curl and h2load
    /// write `SSLKEYLOGFILE` themselves from it): the file is for programs
    /// without one, and is not even opened otherwise.
    pub(super) fn keylog_wanted(&self) -> bool {
        self.ctx.with_callbacks(|c| c.keylog.is_some()) || keylog_file().is_some()
    }

    /// Passes on what the last step logged: to the file now, to the
    /// callback once the connection is unlocked.
    pub(super) fn emit_secrets(&mut self) {
        if !self.intro.observed.traffic.is_empty() {
            let traffic = std::mem::take(&mut self.intro.observed.traffic);
            self.intro.records.add_secrets(traffic);
        }
        if self.intro.observed.secrets.is_empty() {
            return;
        }
        let secrets = std::mem::take(&mut self.intro.observed.secrets);
        let callback = self.ctx.with_callbacks(|c| c.keylog.is_some());
        for s in &secrets {
            let text = line(s);
            if !callback && let Some(f) = keylog_file() {
                let mut f = f.lock().unwrap_or_else(|e| e.into_inner());
                // One write per line keeps concurrent writers' lines whole.
                let _ = f.write_all(format!("{text}\n").as_bytes());
            }
            if callback && let Ok(c) = CString::new(text) {
                self.events.push(super::Event::KeyLog { line: c });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nss_format() {
        let s = Secret {
            label: "CLIENT_RANDOM",
            client_random: vec![0xab; 32],
            secret: vec![0x01, 0xff],
        };
        let l = line(&s);
        assert_eq!(l, format!("CLIENT_RANDOM {} 01ff", "ab".repeat(32)));
    }
}
