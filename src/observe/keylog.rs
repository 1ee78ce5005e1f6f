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
                o.traffic.push((label, secret.to_vec()));
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

fn traffic_secret(label: &str, application: bool) -> bool {
    match label {
        CLIENT_HANDSHAKE | SERVER_HANDSHAKE | MASTER_SECRET => true,
        CLIENT_APPLICATION | SERVER_APPLICATION => application,
        _ => false,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_nss_names() {
        assert_eq!(static_label("EXPORTER_SECRET"), Some("EXPORTER_SECRET"));
        assert_eq!(static_label("bogus"), None);
    }
}
