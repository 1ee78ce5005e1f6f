//! Generates OUT_DIR/status.tsv, the status of every function in each
//! flavour, from the library's own source, the way the library's build
//! decides it, so `sslshim-check` and docs/COVERAGE.md (which reads this
//! table through `sslshim-check --table`) cannot disagree with the library:
//!
//! - the libssl 3 set is tools/libssl3.symbols (the drop-in flavour exports
//!   exactly that set);
//! - drop-in: implemented when src/ffi has an entry point the drop-in build
//!   exports (tools/build_dropin.rs `scan`, the very function the library's
//!   build.rs uses to decide which names get a clean-failure stub), else a
//!   generated stub;
//! - standalone: every `#[unsafe(no_mangle)]` entry of src/ffi outside the
//!   drop-in-only modules (`#[cfg(feature = "dropin")] mod ...`);
//! - an implemented entry marked `// coverage: fails-cleanly: <reason>`
//!   fails cleanly by design; `// coverage: limitation: <text>` is a note.
//!
//! Columns: name, version node ("-" when not a libssl 3 function),
//! standalone status, source, note, drop-in status, source, note. Status is
//! `implemented`, `fails-cleanly`, `stub` or `absent` (not exported).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "../tools/build_dropin.rs"]
mod dropin;

const OWN_MARK: &str = "unsafe(export_name = \"sslshim_own_";
const DROPIN_ONLY: &str = "cfg(feature = \"dropin\")";
const STANDALONE_ONLY: &str = "cfg(not(feature = \"dropin\"))";
const STUB_SOURCE: &str = "src/ffi/libcrypto/stubs.rs";

/// One `extern "C"` entry point as a flavour exports it.
#[derive(Clone)]
struct Entry {
    source: String,
    fails_cleanly: bool,
    note: String,
}

#[derive(Default)]
struct Flavours {
    standalone: BTreeMap<String, Entry>,
    dropin: BTreeMap<String, Entry>,
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.parent().expect("cli/ is inside the source tree");
    for p in ["src/ffi", "tools/libssl3.symbols", "tools/build_dropin.rs"] {
        println!("cargo:rerun-if-changed={}", root.join(p).display());
    }
    println!("cargo:rerun-if-changed=build.rs");

    let symbols = dropin::read_symbols(&root.join("tools/libssl3.symbols"));
    let mut flavours = Flavours::default();
    scan_dir(root, &root.join("src/ffi"), (true, true), &mut flavours);

    // The library's own decision; ours must be the same or the table lies.
    let mut library = BTreeSet::new();
    dropin::scan(&root.join("src/ffi"), &mut library);
    let ours: BTreeSet<String> = flavours.dropin.keys().cloned().collect();
    let library: BTreeSet<String> = library
        .into_iter()
        .filter(|n| symbols.contains_key(n))
        .collect();
    let ours_ssl: BTreeSet<String> = ours
        .iter()
        .filter(|n| symbols.contains_key(*n))
        .cloned()
        .collect();
    if ours_ssl != library {
        panic!(
            "cli/build.rs and tools/build_dropin.rs disagree on the drop-in set: \
             only here {:?}, only there {:?}",
            ours_ssl.difference(&library).collect::<Vec<_>>(),
            library.difference(&ours_ssl).collect::<Vec<_>>()
        );
    }

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let text = table(&symbols, &flavours);
    if fs::read_to_string(out.join("status.tsv")).ok().as_deref() != Some(&text) {
        fs::write(out.join("status.tsv"), text).expect("write status.tsv");
    }
}

fn table(symbols: &BTreeMap<String, String>, f: &Flavours) -> String {
    let mut names: BTreeSet<&String> = symbols.keys().collect();
    names.extend(f.standalone.keys());
    let mut s = String::from(
        "# name\tversion\tstandalone\tstandalone_source\tstandalone_note\t\
         dropin\tdropin_source\tdropin_note\n",
    );
    for name in names {
        let version = symbols.get(name).map_or("-", |v| v.as_str());
        let (sa, sa_src, sa_note) = status(f.standalone.get(name), "absent");
        let (di, di_src, di_note) = if symbols.contains_key(name) {
            match f.dropin.get(name) {
                Some(e) => status(Some(e), "absent"),
                None => ("stub", STUB_SOURCE.to_owned(), String::new()),
            }
        } else {
            status(None, "absent")
        };
        let _ = writeln!(
            s,
            "{name}\t{version}\t{sa}\t{sa_src}\t{sa_note}\t{di}\t{di_src}\t{di_note}"
        );
    }
    s
}

fn status(e: Option<&Entry>, missing: &'static str) -> (&'static str, String, String) {
    match e {
        None => (missing, "-".into(), String::new()),
        Some(e) => (
            if e.fails_cleanly {
                "fails-cleanly"
            } else {
                "implemented"
            },
            e.source.clone(),
            e.note.clone(),
        ),
    }
}

/// Scans `dir`; `allowed` = (in standalone, in drop-in) for this subtree.
fn scan_dir(root: &Path, dir: &Path, allowed: (bool, bool), out: &mut Flavours) {
    let gated = module_gates(dir);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let stem = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_owned();
        let mut here = allowed;
        if let Some(&(sa, di)) = gated.get(&stem) {
            here = (here.0 && sa, here.1 && di);
        }
        if p.is_dir() {
            scan_dir(root, &p, here, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            scan_file(root, &p, here, out);
        }
    }
}

/// Submodules of `dir` (its mod.rs) gated on the feature: name -> (standalone, drop-in).
fn module_gates(dir: &Path) -> BTreeMap<String, (bool, bool)> {
    let mut gates = BTreeMap::new();
    let Ok(src) = fs::read_to_string(dir.join("mod.rs")) else {
        return gates;
    };
    let lines: Vec<&str> = src.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        let Some(rest) = t
            .strip_prefix("pub mod ")
            .or_else(|| t.strip_prefix("mod "))
        else {
            continue;
        };
        let name = rest.trim_end_matches(';').trim().to_owned();
        let block = attributes_above(&lines, i);
        if block.contains(STANDALONE_ONLY) {
            gates.insert(name, (true, false));
        } else if block.contains(DROPIN_ONLY) {
            gates.insert(name, (false, true));
        }
    }
    gates
}

fn scan_file(root: &Path, path: &Path, allowed: (bool, bool), out: &mut Flavours) {
    let Ok(src) = fs::read_to_string(path) else {
        return;
    };
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let lines: Vec<&str> = src.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let Some(name) = fn_name(l) else {
            continue;
        };
        let block = attributes_above(&lines, i);
        if !block.contains("no_mangle") {
            continue;
        }
        let (fails_cleanly, note) = marker(&block);
        let entry = Entry {
            source: format!("{rel}:{}", i + 1),
            fails_cleanly,
            note,
        };
        let standalone = allowed.0 && !block.contains(DROPIN_ONLY);
        let dropin = allowed.1 && !block.contains(STANDALONE_ONLY) && !block.contains(OWN_MARK);
        if standalone {
            out.standalone.entry(name.clone()).or_insert(entry.clone());
        }
        if dropin {
            out.dropin.entry(name).or_insert(entry);
        }
    }
}

/// The attribute and comment lines just above line `i`, joined (the same
/// walk as tools/coverage.py did: attributes rustfmt split over several
/// lines count whole).
fn attributes_above(lines: &[&str], i: usize) -> String {
    let mut block = Vec::new();
    let mut j = i;
    while j > 0 {
        j -= 1;
        let s = lines[j].trim();
        let attr_or_comment = s.starts_with("#[") || s.starts_with("//");
        let attr_end = s.ends_with(")]") || s == "]";
        if attr_or_comment {
            block.push(s);
            continue;
        }
        if attr_end {
            // Last line of a split attribute: take it all, up to its "#[".
            block.push(s);
            while j > 0 {
                j -= 1;
                block.push(lines[j].trim());
                if lines[j].trim().starts_with("#[") {
                    break;
                }
            }
            continue;
        }
        break;
    }
    block.join("\n")
}

/// (fails cleanly, note) from a `// coverage: <kind>: <text>` marker.
fn marker(block: &str) -> (bool, String) {
    for l in block.lines() {
        let Some(rest) = l.trim_start_matches('/').trim().strip_prefix("coverage:") else {
            continue;
        };
        let rest = rest.trim();
        if let Some(r) = rest.strip_prefix("fails-cleanly:") {
            return (true, clean(r));
        }
        if let Some(r) = rest.strip_prefix("limitation:") {
            return (false, format!("limitation: {}", clean(r)));
        }
    }
    (false, String::new())
}

fn clean(s: &str) -> String {
    s.trim().replace('\t', " ")
}

fn fn_name(line: &str) -> Option<String> {
    let t = line.trim_start();
    let t = t.strip_prefix("pub ")?;
    let t = t.strip_prefix("unsafe ").unwrap_or(t);
    let rest = t.strip_prefix("extern \"C\" fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}
