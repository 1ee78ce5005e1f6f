//! sslshim-run: see `sslshim-run --help`.

use sslshim_cli::run::{self, EXIT_NO_LIBRARY, EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND, EXIT_USAGE};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, exit};

const HELP: &str = "\
usage: sslshim-run [--log LEVEL] [--lib PATH] [--] PROGRAM [ARGS...]

Runs PROGRAM, an unchanged program built against OpenSSL 3, on sslshim's
drop-in libssl.so.3: the library is put first in LD_PRELOAD and PROGRAM is
executed in place of this tool (found on PATH like a shell would), so its
exit status is PROGRAM's. libcrypto stays the system's.

The library is --lib PATH, else $SSLSHIM_DROPIN, else the one installed
with this tool (PREFIX/lib/sslshim/libssl.so.3 for PREFIX/bin/sslshim-run),
else target/dropin/libssl.so.3 when run from a source tree's target/release.

options:
  --log LEVEL  set SSLSHIM_LOG=LEVEL (error, warn, info, debug, trace):
               sslshim's trace on stderr, e.g. \"sslshim: INFO ...
               handshake done\" shows that sslshim served a connection
  --lib PATH   the drop-in library to use
  -h, --help   this text

A setuid/setgid or statically linked PROGRAM gets a warning: LD_PRELOAD
cannot work for it. sslshim-check PROGRAM tells whether it needs the
drop-in flavour and which of its functions fail cleanly.

exit status: PROGRAM's own; 64 usage error; 125 drop-in library not
found; 126 PROGRAM not executable; 127 PROGRAM not found.
";

fn usage(msg: &str) -> ! {
    eprintln!("sslshim-run: {msg}\nTry 'sslshim-run --help'.");
    exit(EXIT_USAGE);
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut log = None;
    let mut lib = None;
    while let Some(a) = args.first().cloned() {
        match a.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                exit(0);
            }
            "--log" | "--lib" => {
                if args.len() < 2 {
                    usage(&format!("{a} needs a value"));
                }
                let v = args.remove(1);
                if a == "--log" {
                    log = Some(v);
                } else {
                    lib = Some(PathBuf::from(v));
                }
                args.remove(0);
            }
            "--" => {
                args.remove(0);
                break;
            }
            s if s.starts_with('-') => usage(&format!("unknown option {s}")),
            _ => break,
        }
    }
    if args.is_empty() {
        usage("missing PROGRAM");
    }
    let library = match run::find_library(lib) {
        Ok(l) => l,
        Err(tried) => {
            eprintln!("sslshim-run: the drop-in library libssl.so.3 was not found; tried:");
            for t in tried {
                eprintln!("  {}", t.display());
            }
            eprintln!("(build it with `make dropin`, or set SSLSHIM_DROPIN or --lib)");
            exit(EXIT_NO_LIBRARY);
        }
    };
    let program = &args[0];
    let Some(file) = run::which(program) else {
        eprintln!("sslshim-run: {program}: command not found");
        exit(EXIT_NOT_FOUND);
    };
    if let Some(w) = run::preload_warning(&file) {
        eprintln!("sslshim-run: warning: {w}");
    }
    let mut cmd = Command::new(program);
    cmd.args(&args[1..]).env(
        "LD_PRELOAD",
        run::preload_value(&library, std::env::var_os("LD_PRELOAD")),
    );
    if let Some(level) = log {
        cmd.env("SSLSHIM_LOG", level);
    }
    // Only returns on failure.
    let err = cmd.exec();
    let code = match err.kind() {
        std::io::ErrorKind::NotFound => EXIT_NOT_FOUND,
        _ => EXIT_NOT_EXECUTABLE,
    };
    eprintln!("sslshim-run: {program}: {err}");
    exit(code);
}
