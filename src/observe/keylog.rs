//! The rustls `KeyLog` of every config we build: it hands each secret to
//! the connection whose handshake step is running (`super::with`), which
//! writes it out (`crate::ssl`'s keylog: `SSLKEYLOGFILE` and the
//! application's keylog callback).

use super::Secret;

/// The `KeyLog` of every config we build.
#[derive(Debug)]
pub struct ForwardKeyLog;

impl rustls::KeyLog for ForwardKeyLog {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let Some(label) = static_label(label) else {
            log::debug!("key log: label {label} not forwarded");
            return;
        };
        super::with(|o| {
            if o.traffic_wanted && traffic_secret(label, o.application_wanted) {
                o.traffic.set(label, secret);
            }
            if o.keylog_wanted {
                o.secrets.push(Secret {
                    label,
                    client_random: client_random.to_vec(),
                    secret: secret.to_vec(),
                });
            }
        });
    }

    fn will_log(&self, label: &str) -> bool {
        if static_label(label).is_none() {
            return false;
        }
        super::with(|o| {
            o.keylog_wanted || (o.traffic_wanted && traffic_secret(label, o.application_wanted))
        })
        .unwrap_or(false)
    }
}

/// The secrets that protect the connection's records (it reads its
/// Finished messages back with them, and every message for a message
/// callback): TLS 1.3's handshake traffic secrets, TLS 1.2's master secret
/// (logged as `CLIENT_RANDOM`).
pub const CLIENT_HANDSHAKE: &str = "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
pub const SERVER_HANDSHAKE: &str = "SERVER_HANDSHAKE_TRAFFIC_SECRET";
pub const MASTER_SECRET: &str = "CLIENT_RANDOM";
/// TLS 1.3's first application traffic secrets, for a message callback's
/// view of the records after the handshake.
pub const CLIENT_APPLICATION: &str = "CLIENT_TRAFFIC_SECRET_0";
pub const SERVER_APPLICATION: &str = "SERVER_TRAFFIC_SECRET_0";

/// The traffic secrets a connection keeps to open its own records, the
/// last one logged under each label, each held inline in one list: a
/// handshake logs one to four of them, and a copy each would be an
/// allocation per secret. Past the handshake only those of the records
/// still unopened stay (`keep_handshake_only`).
#[derive(Clone, Default)]
pub struct TrafficSecrets(Vec<InlineSecret>);

/// The labels `TrafficSecrets` holds.
const TRAFFIC_LABELS: [&str; 5] = [
    CLIENT_HANDSHAKE,
    SERVER_HANDSHAKE,
    MASTER_SECRET,
    CLIENT_APPLICATION,
    SERVER_APPLICATION,
];

/// Longest secret held: SHA-384's 48 bytes are the most a TLS 1.2 master
/// secret or a TLS 1.3 traffic secret of rustls's suites has.
const MAX_SECRET: usize = 48;

#[derive(Clone, Copy)]
struct InlineSecret {
    /// Index in `TRAFFIC_LABELS`.
    label: u8,
    len: u8,
    bytes: [u8; MAX_SECRET],
}

impl TrafficSecrets {
    fn label_index(label: &str) -> Option<u8> {
        TRAFFIC_LABELS
            .iter()
            .position(|l| *l == label)
            .map(|i| i as u8)
    }

    /// Keeps `secret` under `label`, replacing an earlier one; false when
    /// the label is not a traffic secret's or the secret is too long.
    pub fn set(&mut self, label: &str, secret: &[u8]) -> bool {
        let (Some(label), true) = (Self::label_index(label), secret.len() <= MAX_SECRET) else {
            return false;
        };
        let mut bytes = [0u8; MAX_SECRET];
        bytes[..secret.len()].copy_from_slice(secret);
        self.put(InlineSecret {
            label,
            len: secret.len() as u8,
            bytes,
        });
        true
    }

    /// `e` replaces the entry under its label, or joins the list.
    fn put(&mut self, e: InlineSecret) {
        match self.0.iter_mut().find(|m| m.label == e.label) {
            Some(m) => *m = e,
            None => self.0.push(e),
        }
    }

    pub fn get(&self, label: &str) -> Option<&[u8]> {
        let label = Self::label_index(label)?;
        let e = self.0.iter().find(|e| e.label == label)?;
        Some(&e.bytes[..usize::from(e.len)])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `other`'s secrets replace those under the same labels.
    pub fn merge(&mut self, other: TrafficSecrets) {
        if self.0.is_empty() {
            *self = other;
            return;
        }
        for e in other.0 {
            self.put(e);
        }
    }

    /// Only the secrets of the handshake's own records stay (the
    /// Finished messages are under them), and only those `wanted` says
    /// (by label), in no more memory than they take.
    pub fn keep_handshake_only(&mut self, wanted: impl Fn(&str) -> bool) {
        self.0.retain(|e| {
            let label = TRAFFIC_LABELS[usize::from(e.label)];
            traffic_secret(label, false) && wanted(label)
        });
        self.0.shrink_to_fit();
    }

    pub fn clear(&mut self) {
        self.0 = Vec::new();
    }
}

/// Names which secrets are held, never their bytes.
impl std::fmt::Debug for TrafficSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let held = self.0.iter().map(|e| TRAFFIC_LABELS[usize::from(e.label)]);
        f.debug_set().entries(held).finish()
    }
}

fn traffic_secret(label: &str, application: bool) -> bool {
    match label {
        CLIENT_HANDSHAKE | SERVER_HANDSHAKE | MASTER_SECRET => true,
        CLIENT_APPLICATION | SERVER_APPLICATION => application,
        _ => false,
    }
}

/// rustls's labels (the NSS names); owned copies are not needed.
///
/// Not `CLIENT_EARLY_TRAFFIC_SECRET`: no early data is ever sent or
/// accepted (clients do not enable it, servers announce none), so that
/// secret protects nothing. rustls's server derives and logs it on every
/// TLS 1.3 resumption, where OpenSSL logs it only for early data it
/// writes or accepts (Node.js's keylog tests count the lines).
fn static_label(label: &str) -> Option<&'static str> {
    const LABELS: [&str; 6] = [
        "CLIENT_RANDOM",
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
        "EXPORTER_SECRET",
    ];
    LABELS.into_iter().find(|l| *l == label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_traffic_secret_is_not_forwarded() {
        assert_eq!(static_label("CLIENT_EARLY_TRAFFIC_SECRET"), None);
        assert_eq!(static_label("EXPORTER_SECRET"), Some("EXPORTER_SECRET"));
    }

    #[test]
    fn traffic_secrets_keep_the_last_of_each_label() {
        let mut t = TrafficSecrets::default();
        assert_eq!(format!("{t:?}"), "{}");
        assert!(t.set(MASTER_SECRET, &[1; 48]));
        assert!(t.set(CLIENT_APPLICATION, &[2; 32]));
        assert!(t.set(MASTER_SECRET, &[3; 48]));
        assert!(!t.set("EXPORTER_SECRET", &[4; 32]), "not a traffic secret");
        assert!(!t.set(CLIENT_HANDSHAKE, &[5; 49]), "too long");
        assert_eq!(t.get(MASTER_SECRET), Some(&[3u8; 48][..]));
        assert_eq!(t.get(CLIENT_APPLICATION), Some(&[2u8; 32][..]));
        assert_eq!(t.get(CLIENT_HANDSHAKE), None);
        let mut other = TrafficSecrets::default();
        other.set(SERVER_HANDSHAKE, &[6; 32]);
        t.merge(other);
        assert_eq!(t.get(SERVER_HANDSHAKE), Some(&[6u8; 32][..]));
        assert_eq!(t.get(MASTER_SECRET), Some(&[3u8; 48][..]), "kept by merge");
        t.keep_handshake_only(|_| true);
        assert_eq!(t.get(CLIENT_APPLICATION), None);
        assert_eq!(t.get(SERVER_HANDSHAKE), Some(&[6u8; 32][..]));
        assert_eq!(
            format!("{t:?}"),
            r#"{"CLIENT_RANDOM", "SERVER_HANDSHAKE_TRAFFIC_SECRET"}"#
        );
        t.keep_handshake_only(|l| l != MASTER_SECRET);
        assert_eq!(t.get(MASTER_SECRET), None);
        assert_eq!(format!("{t:?}"), r#"{"SERVER_HANDSHAKE_TRAFFIC_SECRET"}"#);
        t.clear();
        assert!(t.is_empty());
    }

    #[test]
    fn labels_are_nss_names() {
        assert_eq!(static_label("EXPORTER_SECRET"), Some("EXPORTER_SECRET"));
        assert_eq!(static_label("bogus"), None);
    }
}
