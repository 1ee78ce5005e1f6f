//! sslshim-run's parts: where the drop-in library is, and what to warn
//! about before handing a program to the loader with LD_PRELOAD.

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub const EXIT_USAGE: i32 = 64;
/// The drop-in library was not found (like env(1)'s 125: our own failure).
pub const EXIT_NO_LIBRARY: i32 = 125;
pub const EXIT_NOT_EXECUTABLE: i32 = 126;
pub const EXIT_NOT_FOUND: i32 = 127;

/// The drop-in libssl.so.3: `explicit` (--lib), else $SSLSHIM_DROPIN, else
/// next to this executable as installed (PREFIX/bin -> PREFIX/lib/sslshim,
/// or the Debian package's /usr/bin -> /usr/lib/<multiarch>/sslshim) or as
/// built in a source tree (target/release -> target/dropin).
/// Err lists the places tried.
pub fn find_library(explicit: Option<PathBuf>) -> Result<PathBuf, Vec<PathBuf>> {
    let mut tried = Vec::new();
    let given = explicit.or_else(|| std::env::var_os("SSLSHIM_DROPIN").map(PathBuf::from));
    let candidates: Vec<PathBuf> = match given {
        Some(p) => vec![p],
        None => match exe_dir() {
            Some(d) => vec![
                d.join("../lib/sslshim/libssl.so.3"),
                d.join(format!("../lib/{}/sslshim/libssl.so.3", multiarch())),
                d.join("../dropin/libssl.so.3"),
            ],
            None => Vec::new(),
        },
    };
    for c in candidates {
        if c.is_file() {
            return Ok(c.canonicalize().unwrap_or(c));
        }
        tried.push(c);
    }
    Err(tried)
}

/// The directory of this executable, links resolved.
pub fn exe_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?.canonicalize().ok()?;
    exe.parent().map(Path::to_path_buf)
}

/// Debian's multiarch triple for this build (x86_64-linux-gnu), the library
/// directory a package installs into.
pub fn multiarch() -> String {
    format!("{}-{}-gnu", std::env::consts::ARCH, std::env::consts::OS)
}

/// The file execvp() would run for `program`, if any.
pub fn which(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        let p = PathBuf::from(program);
        return p.exists().then_some(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/bin:/bin"));
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// Why LD_PRELOAD cannot work for this file, if it cannot.
pub fn preload_warning(file: &Path) -> Option<String> {
    let meta = std::fs::metadata(file).ok()?;
    if meta.permissions().mode() & 0o6000 != 0 {
        return Some(format!(
            "{} is setuid/setgid: the loader ignores LD_PRELOAD for it (secure-execution mode), \
             so it will use the system libssl",
            file.display()
        ));
    }
    let data = std::fs::read(file).ok()?;
    let elf = crate::elf::parse(&data).ok()?;
    if !elf.dynamic {
        return Some(format!(
            "{} is statically linked: LD_PRELOAD cannot replace the TLS code built into it",
            file.display()
        ));
    }
    None
}

/// LD_PRELOAD with `lib` first (loaded before anything else, so its
/// symbols win over libssl.so.3's), keeping what was there.
pub fn preload_value(lib: &Path, current: Option<OsString>) -> OsString {
    let mut v = OsString::from(lib.as_os_str());
    if let Some(c) = current.filter(|c| !c.is_empty()) {
        v.push(":");
        v.push(c);
    }
    v
}
