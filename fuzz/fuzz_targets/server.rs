//! A server SSL over memory BIOs, fed arbitrary client bytes: SSL_accept,
//! SSL_read, SSL_write, SSL_shutdown, each return checked (see src/lib.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sslshim_fuzz::{Side, drive};

fuzz_target!(|data: &[u8]| drive(Side::Server, data));
