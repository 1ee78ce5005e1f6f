//! A client SSL over memory BIOs, fed arbitrary server bytes after its
//! ClientHello: SSL_connect, SSL_read, SSL_write, SSL_shutdown, each return
//! checked (see src/lib.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sslshim_fuzz::{Side, drive};

fuzz_target!(|data: &[u8]| drive(Side::Client, data));
