//! The status of every function in each flavour, generated at build time
//! from the library's source by build.rs (see there for the rules).

use std::collections::BTreeMap;

/// The table as build.rs wrote it; `sslshim-check --table` prints it.
pub const TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/status.tsv"));

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

pub fn table() -> BTreeMap<String, Row> {
    let mut rows = BTreeMap::new();
    for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 8 {
            continue;
        }
        rows.insert(
            c[0].to_owned(),
            Row {
                version: (c[1] != "-").then(|| c[1].to_owned()),
                standalone: (Status::parse(c[2]), c[3].to_owned(), c[4].to_owned()),
                dropin: (Status::parse(c[5]), c[6].to_owned(), c[7].to_owned()),
            },
        );
    }
    rows
}

/// Whether `name` is one of libssl 3's functions.
pub fn is_libssl(rows: &BTreeMap<String, Row>, name: &str) -> bool {
    rows.get(name).is_some_and(|r| r.version.is_some())
}
