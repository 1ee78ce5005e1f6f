//! Finds the libraries a program loads the way ld.so does (ld.so(8)):
//! breadth-first over DT_NEEDED, each name searched in the requiring
//! object's DT_RPATH (and its loaders', when it has no DT_RUNPATH),
//! LD_LIBRARY_PATH, its DT_RUNPATH, /etc/ld.so.cache (through `ldconfig
//! -p`), then the default directories. A library is loaded once (by the
//! name it was asked for), and a candidate of another ELF machine is
//! skipped as the loader skips it.

use crate::elf::{self, Elf};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;

const DEFAULT_DIRS: &[&str] = &[
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
    "/lib",
    "/usr/lib",
];

pub struct Object {
    /// The name it was loaded by (DT_NEEDED), or the path given for the program.
    pub name: String,
    pub path: Option<PathBuf>,
    pub elf: Option<Elf>,
    /// The object whose DT_NEEDED brought it in.
    pub needed_by: Option<String>,
}

impl Object {
    /// soname, else the name it was loaded by.
    pub fn soname(&self) -> &str {
        self.elf
            .as_ref()
            .and_then(|e| e.soname.as_deref())
            .unwrap_or(&self.name)
    }
}

/// An object's DT_RPATH entries with the $ORIGIN they expand against.
type Rpath = (Vec<String>, PathBuf);

/// The program first, then every library in load order. `None` paths are
/// libraries that were not found (ldd's "not found").
pub fn load_order(program: &Path, elf: Elf) -> Vec<Object> {
    let cache = ld_cache();
    let ld_library_path: Vec<String> = std::env::var("LD_LIBRARY_PATH")
        .map(|v| {
            v.split([':', ';'])
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let machine = elf.machine;
    let mut objects = vec![Object {
        name: program.display().to_string(),
        path: Some(program.to_path_buf()),
        elf: Some(elf),
        needed_by: None,
    }];
    let mut seen: HashMap<String, usize> = HashMap::new();
    // (index of the requiring object, the rpaths its loaders pass on)
    let mut queue: VecDeque<(usize, Vec<Rpath>)> = VecDeque::new();
    queue.push_back((0, Vec::new()));
    while let Some((idx, mut inherited)) = queue.pop_front() {
        let (needed, rpath, runpath, origin) = {
            let o = &objects[idx];
            let Some(e) = &o.elf else { continue };
            let origin = o
                .path
                .as_ref()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_default();
            (e.needed.clone(), e.rpath.clone(), e.runpath.clone(), origin)
        };
        if runpath.is_empty() {
            inherited.insert(0, (rpath, origin.clone()));
        } else {
            inherited.clear();
        }
        for name in needed {
            if seen.contains_key(&name) {
                continue;
            }
            let mut dirs: Vec<PathBuf> = Vec::new();
            for (rp, org) in &inherited {
                dirs.extend(rp.iter().map(|d| expand(d, org)));
            }
            dirs.extend(ld_library_path.iter().map(PathBuf::from));
            dirs.extend(runpath.iter().map(|d| expand(d, &origin)));
            let found = if name.contains('/') {
                Some(PathBuf::from(&name)).filter(|p| p.is_file())
            } else {
                dirs.iter()
                    .map(|d| d.join(&name))
                    .chain(cache.get(&name).cloned())
                    .chain(DEFAULT_DIRS.iter().map(|d| Path::new(d).join(&name)))
                    .find(|p| same_machine(p, machine))
            };
            let elf = found
                .as_ref()
                .and_then(|p| std::fs::read(p).ok())
                .and_then(|d| elf::parse(&d).ok());
            seen.insert(name.clone(), objects.len());
            objects.push(Object {
                name,
                path: found,
                elf,
                needed_by: Some(objects[idx].soname().to_owned()),
            });
            queue.push_back((objects.len() - 1, inherited.clone()));
        }
    }
    objects
}

fn expand(dir: &str, origin: &Path) -> PathBuf {
    let o = origin.display().to_string();
    PathBuf::from(dir.replace("${ORIGIN}", &o).replace("$ORIGIN", &o))
}

fn same_machine(path: &Path, machine: u16) -> bool {
    use std::io::Read;
    let mut head = [0u8; 20];
    let ok = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok();
    ok && &head[..4] == b"\x7fELF"
        && head[4] == 2
        && u16::from_le_bytes([head[18], head[19]]) == machine
}

/// name -> path from `ldconfig -p` (64-bit entries), the loader's cache.
fn ld_cache() -> HashMap<String, PathBuf> {
    let mut map = HashMap::new();
    for ldconfig in ["ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"] {
        let Ok(out) = Command::new(ldconfig).arg("-p").output() else {
            continue;
        };
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            // "\tlibssl.so.3 (libc6,x86-64) => /lib/x86_64-linux-gnu/libssl.so.3"
            let Some((left, path)) = line.split_once(" => ") else {
                continue;
            };
            let Some((name, flags)) = left.trim().split_once(' ') else {
                continue;
            };
            if flags.contains("64") {
                map.entry(name.to_owned())
                    .or_insert_with(|| PathBuf::from(path.trim()));
            }
        }
        break;
    }
    map
}
