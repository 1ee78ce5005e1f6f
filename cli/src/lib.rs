//! sslshim's command-line tools (docs/DROPIN.md, "Tools and installation"):
//! `sslshim-check PROGRAM` says which OpenSSL functions a program imports
//! and how this library serves them; `sslshim-run -- PROGRAM ARGS` runs a
//! program on the drop-in `libssl.so.3`.

pub mod check;
pub mod elf;
pub mod resolve;
pub mod run;
pub mod status;
