//! Key logging in NSS key log format ("LABEL <client_random> <secret>", hex):
//! `SSL_CTX_set_keylog_callback`, and, beyond OpenSSL 3.0, the
//! `SSLKEYLOGFILE` environment variable.
//!
//! Every rustls config carries one `ForwardKeyLog`; rustls calls it inside
//! a handshake step, and it hands the secret to the connection whose step
//! is running (`observe`). The connection then queues the line for the
//! application's callback (run after the lock is released) and appends it
//! to the key log file.

use super::Conn;
use super::observe::{self, Secret};
use std::ffi::CString;
use std::fmt::Write as _;
use std::fs::File;
use std::io::Write as _;
use std::sync::{Mutex, OnceLock};

/// The `KeyLog` of every config we build.
#[derive(Debug)]
pub struct ForwardKeyLog;

impl rustls::KeyLog for ForwardKeyLog {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let Some(label) = static_label(label) else {
            log::debug!("key log: label {label} not forwarded");
            return;
        };
        observe::with(|o| {
            if o.keylog_wanted {
                o.secrets.push(Secret {
                    label,
                    client_random: client_random.to_vec(),
                    secret: secret.to_vec(),
                });
            }
        });
    }

    fn will_log(&self, _label: &str) -> bool {
        observe::with(|o| o.keylog_wanted).unwrap_or(false)
    }
}

/// rustls's labels (the NSS names); owned copies are not needed.
fn static_label(label: &str) -> Option<&'static str> {
    const LABELS: [&str; 7] = [
        "CLIENT_RANDOM",
        "CLIENT_EARLY_TRAFFIC_SECRET",
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
        "EXPORTER_SECRET",
    ];
    LABELS.into_iter().find(|l| *l == label)
}

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
    /// Whether this handshake step should collect secrets at all.
    pub(super) fn keylog_wanted(&self) -> bool {
        keylog_file().is_some() || self.ctx.callbacks().keylog.is_some()
    }

    /// Passes on what the last step logged: to the file now, to the
    /// callback once the connection is unlocked.
    pub(super) fn emit_secrets(&mut self) {
        if self.intro.observed.secrets.is_empty() {
            return;
        }
        let secrets = std::mem::take(&mut self.intro.observed.secrets);
        let callback = self.ctx.callbacks().keylog.is_some();
        for s in &secrets {
            let text = line(s);
            if let Some(f) = keylog_file() {
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

    #[test]
    fn labels_are_nss_names() {
        assert_eq!(static_label("EXPORTER_SECRET"), Some("EXPORTER_SECRET"));
        assert_eq!(static_label("bogus"), None);
    }
}
