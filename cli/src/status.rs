//! The status of every function in each flavour, read from the libraries
//! themselves: each holds the registry of the entry points it was built
//! with (its `sslshim_registry` section; src/ffi/registry.rs in the library
//! source), so this tool and the library cannot disagree.
//!
//! - the libssl 3 set is tools/libssl3.symbols (the drop-in flavour exports
//!   exactly that set), compiled in here;
//! - drop-in: a function with a record is implemented (or fails cleanly by
//!   design: the record says so); any other libssl 3 function is the
//!   library's generated clean-failure stub;
//! - standalone: the functions with a record; every other one is absent.

use crate::elf;
use crate::run;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const LIBSSL3: &str = include_str!("../../tools/libssl3.symbols");
/// Where a drop-in stub is generated (the table's source for stubs).
const STUB_SOURCE: &str = "src/ffi/libcrypto/stubs.rs";
const SECTION: &str = "sslshim_registry";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Implemented,
    /// Implemented on purpose as a clean failure (`coverage: fails-cleanly`).
    FailsCleanly,
    /// Drop-in only: a generated stub that fails cleanly.
    Stub,
    /// Not exported by the flavour: a program needing it would not load.
    Absent,
}

impl Status {
    fn parse(s: &str) -> Status {
        match s {
            "implemented" => Status::Implemented,
            "fails-cleanly" => Status::FailsCleanly,
            "stub" => Status::Stub,
            _ => Status::Absent,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Implemented => "implemented",
            Status::FailsCleanly => "fails cleanly",
            Status::Stub => "fails cleanly (stub)",
            Status::Absent => "not exported",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Status::Implemented => "implemented",
            Status::FailsCleanly => "fails-cleanly",
            Status::Stub => "stub",
            Status::Absent => "absent",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Standalone,
    Dropin,
}

impl Flavour {
    pub fn other(self) -> Flavour {
        match self {
            Flavour::Standalone => Flavour::Dropin,
            Flavour::Dropin => Flavour::Standalone,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Flavour::Standalone => "standalone",
            Flavour::Dropin => "drop-in",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The libssl 3 version node, None for our extra (BIO_/ERR_/...) exports.
    pub version: Option<String>,
    pub standalone: (Status, String, String),
    pub dropin: (Status, String, String),
}

impl Row {
    pub fn get(&self, f: Flavour) -> &(Status, String, String) {
        match f {
            Flavour::Standalone => &self.standalone,
            Flavour::Dropin => &self.dropin,
        }
    }
}

/// One flavour's records: name -> (status, source, note).
type Records = BTreeMap<String, (Status, String, String)>;

/// The registry of the library at `path`.
pub fn registry(path: &Path) -> Result<Records, String> {
    let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let section = elf::section(&data, SECTION)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .ok_or_else(|| format!("{}: not an sslshim library (no {SECTION})", path.display()))?;
    let text = String::from_utf8_lossy(section);
    let mut out = Records::new();
    for line in text.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 4 {
            return Err(format!(
                "{}: malformed registry record {line:?}",
                path.display()
            ));
        }
        out.insert(
            c[0].to_owned(),
            (Status::parse(c[1]), c[3].to_owned(), c[2].to_owned()),
        );
    }
    Ok(out)
}

/// The standalone libsslshim.so: $SSLSHIM_STANDALONE, else next to this
/// executable as installed (PREFIX/bin -> PREFIX/lib, or the Debian
/// package's /usr/lib/<multiarch>) or as built (target/release).
pub fn find_standalone() -> Result<PathBuf, Vec<PathBuf>> {
    let candidates: Vec<PathBuf> = match std::env::var_os("SSLSHIM_STANDALONE") {
        Some(p) => vec![PathBuf::from(p)],
        None => match run::exe_dir() {
            Some(d) => vec![
                d.join("../lib/libsslshim.so"),
                d.join(format!("../lib/{}/libsslshim.so", run::multiarch())),
                d.join("libsslshim.so"),
            ],
            None => Vec::new(),
        },
    };
    let mut tried = Vec::new();
    for c in candidates {
        if c.is_file() {
            return Ok(c.canonicalize().unwrap_or(c));
        }
        tried.push(c);
    }
    Err(tried)
}

fn not_found(what: &str, tried: &[PathBuf]) -> String {
    let list: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
    format!("{what} not found (tried {})", list.join(", "))
}

/// The table of every libssl 3 function and every standalone export, from
/// both libraries (found as `find_standalone` and `run::find_library` say).
pub fn table() -> Result<BTreeMap<String, Row>, String> {
    let standalone =
        find_standalone().map_err(|t| not_found("libsslshim.so (set SSLSHIM_STANDALONE)", &t))?;
    let dropin = run::find_library(None)
        .map_err(|t| not_found("the drop-in libssl.so.3 (set SSLSHIM_DROPIN)", &t))?;
    Ok(rows(&registry(&standalone)?, &registry(&dropin)?))
}

fn rows(standalone: &Records, dropin: &Records) -> BTreeMap<String, Row> {
    let absent = (Status::Absent, "-".to_owned(), String::new());
    let mut rows = BTreeMap::new();
    for l in LIBSSL3.lines() {
        let mut it = l.split_whitespace();
        let (Some(name), Some(node)) = (it.next(), it.next()) else {
            continue;
        };
        let di = dropin.get(name).cloned().unwrap_or((
            Status::Stub,
            STUB_SOURCE.to_owned(),
            String::new(),
        ));
        rows.insert(
            name.to_owned(),
            Row {
                version: Some(node.to_owned()),
                standalone: standalone.get(name).cloned().unwrap_or(absent.clone()),
                dropin: di,
            },
        );
    }
    for (name, e) in standalone {
        rows.entry(name.clone()).or_insert_with(|| Row {
            version: None,
            standalone: e.clone(),
            dropin: absent.clone(),
        });
    }
    rows
}

/// `sslshim-check --table`: tab-separated, one row per function.
pub fn render(rows: &BTreeMap<String, Row>) -> String {
    let mut s = String::from(
        "# name\tversion\tstandalone\tstandalone_source\tstandalone_note\t\
         dropin\tdropin_source\tdropin_note\n",
    );
    for (name, r) in rows {
        let v = r.version.as_deref().unwrap_or("-");
        let (a, b) = (&r.standalone, &r.dropin);
        let _ = writeln!(
            s,
            "{name}\t{v}\t{}\t{}\t{}\t{}\t{}\t{}",
            a.0.key(),
            a.1,
            a.2,
            b.0.key(),
            b.1,
            b.2
        );
    }
    s
}

/// Whether `name` is one of libssl 3's functions.
pub fn is_libssl(rows: &BTreeMap<String, Row>, name: &str) -> bool {
    rows.get(name).is_some_and(|r| r.version.is_some())
}
