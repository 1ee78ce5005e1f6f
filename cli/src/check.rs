//! sslshim-check's analysis: which OpenSSL functions a program (and the
//! libraries it loads) imports, which flavour of sslshim it needs, and the
//! status of each function there.

use crate::elf::{self, Elf, Kind};
use crate::resolve::{self, Object};
use crate::status::{self, Flavour, Row, Status};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Exit codes (documented in --help and docs/DROPIN.md).
pub const EXIT_ALL_IMPLEMENTED: i32 = 0;
pub const EXIT_SOME_FAIL_CLEANLY: i32 = 1;
pub const EXIT_UNSUPPORTED: i32 = 2;
pub const EXIT_WOULD_NOT_LOAD: i32 = 3;
pub const EXIT_USAGE: i32 = 64;
pub const EXIT_NOINPUT: i32 = 66;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Needs(Flavour),
    /// Not something sslshim can serve; the text says why.
    Unsupported(String),
}

pub struct Import {
    pub name: String,
    /// sonames of the objects importing it (the program's name for itself).
    pub by: BTreeSet<String>,
    /// In the flavour the program needs.
    pub status: Status,
    pub source: String,
    pub note: String,
    /// In the other flavour.
    pub other: Status,
}

pub struct Report {
    pub path: String,
    pub kind: Kind,
    pub objects: Vec<(String, Option<String>, Option<String>)>,
    /// Objects that link a libssl, with the libssl's name.
    pub links: Vec<(String, String)>,
    pub verdict: Verdict,
    /// libssl 3 functions imported.
    pub imports: Vec<Import>,
    /// Standalone only: our other exports imported (BIO_, ERR_, X509_ ...).
    pub extra: Vec<Import>,
    /// Distinct functions imported from libcrypto.
    pub libcrypto: usize,
    /// Drop-in only: the OpenSSL functions imported (from libssl or
    /// libcrypto) that the standalone libsslshim.so does not export. Were
    /// it preloaded, they would stay bound to OpenSSL's own libraries and
    /// receive its objects; the standalone stops such a process at load
    /// (src/guard.rs in the library).
    pub standalone_lacks: Vec<String>,
}

pub fn is_libssl_name(n: &str) -> bool {
    n.starts_with("libssl.so") || n.starts_with("libsslshim.so")
}

fn is_tls_library(n: &str) -> bool {
    is_libssl_name(n) || n.starts_with("libcrypto.so")
}

pub fn check(path: &Path) -> Result<Report, (i32, String)> {
    let data =
        std::fs::read(path).map_err(|e| (EXIT_NOINPUT, format!("{}: {e}", path.display())))?;
    let mut elf =
        elf::parse(&data).map_err(|e| (EXIT_NOINPUT, format!("{}: {e}", path.display())))?;
    // Modules the program dlopen()s count as loaded by it, as if needed.
    elf.needed.extend(
        runtime_modules(path)
            .into_iter()
            .map(|m| m.display().to_string()),
    );
    let rows = status::table().map_err(|e| (crate::run::EXIT_NO_LIBRARY, e))?;
    Ok(analyse(path, elf, &rows))
}

/// The TLS modules a known interpreter dlopen()s, which its ELF file does
/// not name: for CPython (`python3.N`, through symlinks such as
/// /usr/bin/python3), its `_ssl` extension module in lib-dynload, the only
/// part of the interpreter that links libssl.
fn runtime_modules(program: &Path) -> Vec<PathBuf> {
    let real = std::fs::canonicalize(program).unwrap_or_else(|_| program.to_path_buf());
    let Some(name) = real.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let Some(minor) = name.strip_prefix("python3.") else {
        return Vec::new();
    };
    if minor.is_empty() || !minor.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    // The prefix the interpreter was installed under: /usr/bin/python3.11
    // looks in /usr/lib/python3.11/lib-dynload.
    let Some(prefix) = real.parent().and_then(Path::parent) else {
        return Vec::new();
    };
    let dynload = prefix.join("lib").join(name).join("lib-dynload");
    let Ok(entries) = std::fs::read_dir(&dynload) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|f| f.to_str())
                .is_some_and(|f| f.starts_with("_ssl.") && f.ends_with(".so"))
        })
        .collect();
    found.sort();
    found
}

fn analyse(path: &Path, elf: Elf, rows: &BTreeMap<String, Row>) -> Report {
    let kind = elf.kind;
    let dynamic = elf.dynamic;
    let objects = resolve::load_order(path, elf);
    let mut report = Report {
        path: path.display().to_string(),
        kind,
        objects: objects
            .iter()
            .skip(1)
            .map(|o| {
                (
                    o.name.clone(),
                    o.path.as_ref().map(|p| p.display().to_string()),
                    o.needed_by.clone(),
                )
            })
            .collect(),
        links: Vec::new(),
        verdict: Verdict::Unsupported(String::new()),
        imports: Vec::new(),
        extra: Vec::new(),
        libcrypto: 0,
        standalone_lacks: Vec::new(),
    };
    for o in &objects {
        if let Some(e) = &o.elf {
            for n in e.needed.iter().filter(|n| is_libssl_name(n)) {
                report.links.push((label(o, &objects), n.clone()));
            }
        }
    }
    let linked: BTreeSet<&str> = report.links.iter().map(|(_, l)| l.as_str()).collect();
    let own_soname = objects[0].elf.as_ref().and_then(|e| e.soname.clone());
    report.verdict = if let Some(so) = own_soname.filter(|s| is_tls_library(s)) {
        Verdict::Unsupported(format!(
            "this is a TLS library itself ({so}), not a program using one: check the programs that load it"
        ))
    } else if !dynamic {
        Verdict::Unsupported(
            "statically linked: it carries its own TLS code, which no shared library can replace"
                .into(),
        )
    } else if linked.contains("libssl.so.3") {
        Verdict::Needs(Flavour::Dropin)
    } else if linked.iter().any(|l| l.starts_with("libsslshim.so")) {
        Verdict::Needs(Flavour::Standalone)
    } else if let Some(other) = linked.iter().next() {
        Verdict::Unsupported(format!(
            "linked to {other}: sslshim implements the OpenSSL 3 libssl ABI (libssl.so.3)"
        ))
    } else {
        Verdict::Unsupported(
            "not an OpenSSL program: no libssl among the libraries it loads (a program may \
             still dlopen() libssl or a module linked to it at run time: check that module; \
             for CPython this tool finds its _ssl module itself)"
                .into(),
        )
    };

    // Which object serves each undefined symbol: the library its version
    // names, else the first object in load order defining it (the loader's
    // global scope).
    let mut defined: BTreeMap<&str, &str> = BTreeMap::new();
    for o in &objects {
        if let Some(e) = &o.elf {
            for s in e.symbols.iter().filter(|s| s.defined) {
                defined.entry(s.name.as_str()).or_insert(o.soname());
            }
        }
    }
    let flavour = match report.verdict {
        Verdict::Needs(f) => f,
        Verdict::Unsupported(_) => Flavour::Dropin,
    };
    let mut ssl: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut extra: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut crypto: BTreeSet<String> = BTreeSet::new();
    for o in &objects {
        let Some(e) = &o.elf else { continue };
        if is_tls_library(o.soname()) || is_tls_library(&o.name) {
            continue;
        }
        let who = label(o, &objects);
        for s in e.symbols.iter().filter(|s| !s.defined) {
            let provider = s
                .from
                .as_deref()
                .or_else(|| defined.get(s.name.as_str()).copied());
            let known_ssl = status::is_libssl(rows, &s.name);
            match provider {
                Some(p) if p.starts_with("libcrypto.so") => {
                    crypto.insert(s.name.clone());
                }
                Some(p) if is_libssl_name(p) => {
                    let into = if known_ssl || p.starts_with("libssl.so") {
                        &mut ssl
                    } else {
                        &mut extra
                    };
                    into.entry(s.name.clone()).or_default().insert(who.clone());
                }
                None if known_ssl && !linked.is_empty() => {
                    ssl.entry(s.name.clone()).or_default().insert(who.clone());
                }
                _ => {}
            }
        }
    }
    report.imports = ssl
        .into_iter()
        .map(|(n, by)| import(rows, n, by, flavour))
        .collect();
    report.extra = extra
        .into_iter()
        .map(|(n, by)| import(rows, n, by, Flavour::Standalone))
        .collect();
    report.libcrypto = crypto.len();
    if flavour == Flavour::Dropin {
        let standalone_has = |n: &str| {
            rows.get(n)
                .is_some_and(|r| r.get(Flavour::Standalone).0 != Status::Absent)
        };
        let lacks: BTreeSet<&String> = ssl_names(&report.imports)
            .chain(crypto.iter())
            .filter(|n| !standalone_has(n))
            .collect();
        report.standalone_lacks = lacks.into_iter().cloned().collect();
    }
    report
}

fn ssl_names(imports: &[Import]) -> impl Iterator<Item = &String> {
    imports.iter().map(|i| &i.name)
}

fn label(o: &Object, all: &[Object]) -> String {
    if std::ptr::eq(o, &all[0]) {
        Path::new(&o.name)
            .file_name()
            .map_or(o.name.clone(), |f| f.to_string_lossy().into_owned())
    } else {
        o.soname().to_owned()
    }
}

impl Import {
    /// The status in `want`, given that `status` is the one in `needed`.
    pub fn in_flavour(&self, want: Flavour, needed: Flavour) -> Status {
        if want == needed {
            self.status
        } else {
            self.other
        }
    }
}

fn import(rows: &BTreeMap<String, Row>, name: String, by: BTreeSet<String>, f: Flavour) -> Import {
    let absent = (Status::Absent, "-".to_owned(), String::new());
    let row = rows.get(&name);
    let (status, source, note) = row.map_or(absent.clone(), |r| r.get(f).clone());
    let other = row.map_or(absent, |r| r.get(f.other()).clone()).0;
    Import {
        name,
        by,
        status,
        source,
        note,
        other,
    }
}

impl Report {
    pub fn count(&self, s: Status) -> usize {
        self.imports
            .iter()
            .chain(&self.extra)
            .filter(|i| i.status == s)
            .count()
    }

    pub fn exit_code(&self) -> i32 {
        match self.verdict {
            Verdict::Unsupported(_) => EXIT_UNSUPPORTED,
            Verdict::Needs(_) if self.count(Status::Absent) > 0 => EXIT_WOULD_NOT_LOAD,
            Verdict::Needs(_)
                if self.count(Status::FailsCleanly) + self.count(Status::Stub) > 0 =>
            {
                EXIT_SOME_FAIL_CLEANLY
            }
            Verdict::Needs(_) => EXIT_ALL_IMPLEMENTED,
        }
    }

    /// The flavour the statuses are given for (drop-in when none fits).
    pub fn flavour(&self) -> Flavour {
        match self.verdict {
            Verdict::Needs(f) => f,
            Verdict::Unsupported(_) => Flavour::Dropin,
        }
    }

    pub fn kind_label(&self) -> &'static str {
        match self.kind {
            Kind::Executable | Kind::PieExecutable => "program",
            Kind::SharedObject => "shared object",
            Kind::Other => "ELF file",
        }
    }

    pub fn text(&self, all: bool) -> String {
        let mut s = format!("{}: {}\n", self.path, self.kind_label());
        for (name, path, by) in &self.objects {
            if is_tls_library(name) {
                s += &format!(
                    "  loads {name} => {} (needed by {})\n",
                    path.as_deref().unwrap_or("not found"),
                    by.as_deref().unwrap_or("?")
                );
            }
        }
        let n = self.imports.len();
        match &self.verdict {
            Verdict::Unsupported(why) => {
                s += &format!("verdict: cannot run on sslshim: {why}\n");
                return s;
            }
            Verdict::Needs(f) => {
                let importers: BTreeSet<&String> =
                    self.imports.iter().flat_map(|i| i.by.iter()).collect();
                s += &format!(
                    "flavour: {} ({})\n",
                    f.label(),
                    match f {
                        Flavour::Dropin => "it loads libssl.so.3: run it with sslshim-run",
                        Flavour::Standalone => "it links libsslshim",
                    }
                );
                if *f == Flavour::Dropin {
                    s += &self.standalone_line();
                }
                s += &format!(
                    "libssl functions imported: {n} (by {})\n",
                    importers
                        .into_iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        for st in [
            Status::Implemented,
            Status::FailsCleanly,
            Status::Stub,
            Status::Absent,
        ] {
            let c = self.imports.iter().filter(|i| i.status == st).count();
            if c > 0 {
                s += &format!("  {:<22} {c}\n", format!("{}:", st.label()));
            }
        }
        if !self.extra.is_empty() {
            s += &format!(
                "other sslshim functions imported (BIO_, ERR_, X509_ ...): {}\n",
                self.extra.len()
            );
        }
        s += &format!("libcrypto functions imported: {}\n", self.libcrypto);
        for i in self.imports.iter().chain(&self.extra) {
            if all || i.status != Status::Implemented {
                let note = if i.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", i.note)
                };
                s += &format!("  {:<40} {}{}", i.name, i.status.label(), note);
                if all {
                    s += &format!(" [{}: {}]", self.flavour().other().label(), i.other.label());
                }
                s.push('\n');
            }
        }
        let fails = self.count(Status::FailsCleanly) + self.count(Status::Stub);
        let absent = self.count(Status::Absent);
        s += &match self.exit_code() {
            EXIT_WOULD_NOT_LOAD => format!(
                "verdict: would not load: {absent} imported function(s) not exported by this flavour\n"
            ),
            EXIT_SOME_FAIL_CLEANLY => format!(
                "verdict: runs; {fails} imported function(s) fail cleanly (error return + error queue entry) if called\n"
            ),
            _ => "verdict: runs; every imported function is implemented\n".to_owned(),
        };
        s
    }

    /// Whether the standalone may be preloaded instead (a program needing
    /// the drop-in): no, when it imports functions the standalone lacks.
    fn standalone_line(&self) -> String {
        const SHOWN: usize = 3;
        let lacks = &self.standalone_lacks;
        if lacks.is_empty() {
            return "not the standalone: LD_PRELOAD of libsslshim.so would also serve it (every \
                    OpenSSL function it imports is exported there), but the drop-in is the \
                    flavour for programs linked with OpenSSL\n"
                .to_owned();
        }
        let mut names = lacks[..lacks.len().min(SHOWN)].join(", ");
        if lacks.len() > SHOWN {
            names += &format!(" and {} more", lacks.len() - SHOWN);
        }
        format!(
            "not the standalone: do not LD_PRELOAD libsslshim.so into it: {} OpenSSL function(s) \
             it imports are not in libsslshim.so ({names}) and would stay bound to OpenSSL's own \
             libssl/libcrypto, which would then receive sslshim's objects (a crash); \
             libsslshim.so stops such a process at load (exit 2)\n",
            lacks.len()
        )
    }

    pub fn json(&self) -> String {
        let verdict = match &self.verdict {
            Verdict::Needs(f) => format!("\"flavour\":{},\"reason\":null", q(f.label())),
            Verdict::Unsupported(w) => format!("\"flavour\":null,\"reason\":{}", q(w)),
        };
        let list = |v: &[Import]| {
            v.iter()
                .map(|i| {
                    format!(
                        "{{\"name\":{},\"status\":{},\"dropin\":{},\"standalone\":{},\"source\":{},\"note\":{},\"imported_by\":[{}]}}",
                        q(&i.name),
                        q(i.status.key()),
                        q(i.in_flavour(Flavour::Dropin, self.flavour()).key()),
                        q(i.in_flavour(Flavour::Standalone, self.flavour()).key()),
                        q(&i.source),
                        q(&i.note),
                        i.by.iter().map(|b| q(b)).collect::<Vec<_>>().join(",")
                    )
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        let objects = self
            .objects
            .iter()
            .map(|(n, p, _)| {
                format!(
                    "{{\"name\":{},\"path\":{}}}",
                    q(n),
                    p.as_deref().map_or("null".into(), q)
                )
            })
            .collect::<Vec<_>>()
            .join(",");
        format!(
            "{{\"path\":{},\"kind\":{},{verdict},\"exit\":{},\"libs\":[{objects}],\
             \"libssl_imports\":[{}],\"other_imports\":[{}],\"libcrypto_imports\":{},\
             \"standalone_lacks\":[{}]}}\n",
            q(&self.path),
            q(self.kind_label()),
            self.exit_code(),
            list(&self.imports),
            list(&self.extra),
            self.libcrypto,
            self.standalone_lacks
                .iter()
                .map(|n| q(n))
                .collect::<Vec<_>>()
                .join(",")
        )
    }
}

/// A JSON string literal.
pub fn q(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(super::q("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }
}
