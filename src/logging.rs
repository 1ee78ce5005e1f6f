//! Logging is off unless `SSLSHIM_LOG` is set (to a `log` level such as
//! `debug`, or to anything else for `info`); lines go to stderr prefixed
//! `sslshim:` so a test can tell our library served a connection.

#![forbid(unsafe_code)]

use std::sync::Once;

struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!(
                "sslshim: {} {}: {}",
                record.level(),
                record.target(),
                record.args()
            );
        }
    }
    fn flush(&self) {}
}

static LOGGER: StderrLogger = StderrLogger;
static INIT: Once = Once::new();

/// Installs the stderr logger once if `SSLSHIM_LOG` asks for it. Called from
/// every constructor-like entry point, so it costs one atomic load after that.
pub fn init() {
    INIT.call_once(|| {
        let Ok(level) = std::env::var("SSLSHIM_LOG") else {
            return;
        };
        let filter = level.parse().unwrap_or(log::LevelFilter::Info);
        // Another logger may already be installed by a Rust host program.
        if log::set_logger(&LOGGER).is_ok() {
            log::set_max_level(filter);
        }
    });
}
