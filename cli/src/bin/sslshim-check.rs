//! sslshim-check: see `sslshim-check --help`.

use sslshim_cli::check::{self, EXIT_USAGE};
use sslshim_cli::run::EXIT_NO_LIBRARY;
use sslshim_cli::status;
use std::io::Write;
use std::path::Path;
use std::process::exit;

const HELP: &str = "\
usage: sslshim-check [--json | --imports | --all] PROGRAM
       sslshim-check --table

Reads PROGRAM (an ELF executable, or a shared object such as python3's
_ssl module) and the libraries it loads (found as ld.so finds them:
RPATH/RUNPATH, LD_LIBRARY_PATH, the ld.so cache, the default directories),
lists the libssl 3 functions they import, and says:
  - which flavour of sslshim the program needs: drop-in (it loads
    libssl.so.3: run it with sslshim-run) or standalone (it links
    libsslshim); linked to another libssl, statically linked or without
    libssl, it cannot run on sslshim;
  - for a program needing the drop-in, that the standalone libsslshim.so
    must not be preloaded into it when it imports OpenSSL functions
    libsslshim.so lacks (named; --json: standalone_lacks): they would
    stay bound to OpenSSL's own libraries and get sslshim's objects;
  - for each function, its status in that flavour: implemented, fails
    cleanly (an error return with an error queue entry, by design or as
    a generated stub), or not exported (the program would not load).
A CPython interpreter (python3.N, or a link to one) counts as loading its
_ssl extension module, which it dlopen()s from lib-dynload.
The statuses are read from the two libraries themselves (the registry each
is built with): libsslshim.so and the drop-in libssl.so.3, found next to
this program as installed or built, or at $SSLSHIM_STANDALONE and
$SSLSHIM_DROPIN. libcrypto imports are counted (the system libcrypto
serves them).

options:
  --all       list every imported function, not only those not implemented
  --json      one JSON object instead of text
  --imports   only the names of the libssl 3 functions imported, one a line
  --table     print the status table of every function in both flavours
              (tab-separated; docs/COVERAGE.md is generated from it)
  -h, --help  this text

exit status:
  0   needs a flavour, and every function it imports is implemented
  1   needs a flavour; some imported functions fail cleanly if called
  2   cannot run on sslshim (no libssl, another libssl, static binary)
  3   would not load: it imports a function the flavour does not export
  64  usage error
  66  PROGRAM cannot be read or is not an ELF64 file
  125 a library was not found (see above for where it is looked for)
(--imports and --table exit 0 on success.)
";

fn usage(msg: &str) -> ! {
    eprintln!("sslshim-check: {msg}\nTry 'sslshim-check --help'.");
    exit(EXIT_USAGE);
}

fn main() {
    let mut mode = "text";
    let mut program = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                exit(0);
            }
            "--json" | "--imports" | "--all" | "--table" => mode = leak(&a[2..]),
            "--" => {
                program = args.next();
                break;
            }
            s if s.starts_with('-') && s.len() > 1 => usage(&format!("unknown option {s}")),
            _ if program.is_some() => usage("only one PROGRAM"),
            _ => program = Some(a),
        }
    }
    if mode == "table" {
        match status::table() {
            Ok(rows) => out(&status::render(&rows)),
            Err(e) => {
                eprintln!("sslshim-check: {e}");
                exit(EXIT_NO_LIBRARY);
            }
        }
        exit(0);
    }
    let Some(program) = program else {
        usage("missing PROGRAM");
    };
    let report = match check::check(Path::new(&program)) {
        Ok(r) => r,
        Err((code, msg)) => {
            eprintln!("sslshim-check: {msg}");
            exit(code);
        }
    };
    match mode {
        "json" => out(&report.json()),
        "imports" => {
            let names: String = report
                .imports
                .iter()
                .map(|i| format!("{}\n", i.name))
                .collect();
            out(&names);
            exit(0);
        }
        _ => out(&report.text(mode == "all")),
    }
    exit(report.exit_code());
}

/// Writes the report to stdout; a reader that went away (`| head`) ends
/// the program quietly, as other filters do, instead of a panic.
fn out(text: &str) {
    let mut so = std::io::stdout().lock();
    if so
        .write_all(text.as_bytes())
        .and_then(|()| so.flush())
        .is_err()
    {
        exit(141);
    }
}

fn leak(s: &str) -> &'static str {
    match s {
        "json" => "json",
        "imports" => "imports",
        "all" => "all",
        _ => "table",
    }
}
