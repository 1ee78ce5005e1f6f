//! The objects loaded into this process and their dynamic symbols, read
//! from memory with `dl_iterate_phdr`: what the standalone flavour's load
//! guard (`crate::guard`) needs to tell whether it was preloaded into a
//! program linked with OpenSSL's own libssl/libcrypto.
//!
//! Each object's dynamic section gives its symbol table, string table and
//! version tables. An undefined symbol's version index names (through
//! DT_VERNEED) the library the link editor found it in ("libssl.so.3"),
//! which is where the program expects it from. Anything that does not look
//! right (a table outside the object's loaded segments, a 32-bit layout)
//! makes the object read as having no symbols: the guard then says nothing
//! rather than guess.

use std::ffi::{CStr, c_void};
use std::os::raw::c_int;

/// One loaded object.
#[derive(Debug, Default)]
pub struct Object {
    /// The loader's name for it: a path, or "" for the main program.
    pub path: String,
    /// Its DT_SONAME, if it has one.
    pub soname: Option<String>,
    /// Whether `self_addr` (given to [`objects`]) lies inside it.
    pub is_self: bool,
    /// Undefined symbols: name and the file their version was needed from
    /// (DT_VERNEED's `vn_file`), None when unversioned.
    pub imports: Vec<(String, Option<String>)>,
    /// Defined global symbols, for the object holding `self_addr` only.
    pub exports: Vec<String>,
}

/// Every object loaded now, in the loader's order (the main program
/// first). With `symbols` false only the names are read.
pub fn objects(self_addr: usize, symbols: bool) -> Vec<Object> {
    let mut scan = Scan {
        self_addr,
        symbols,
        found: Vec::new(),
    };
    // SAFETY: the callback matches dl_iterate_phdr's prototype and only
    // reads the info it is given, during the call; `scan` outlives the call
    // and is reached only through the data pointer.
    unsafe { libc::dl_iterate_phdr(Some(visit), &mut scan as *mut Scan as *mut c_void) };
    scan.found
}

struct Scan {
    self_addr: usize,
    symbols: bool,
    found: Vec<Object>,
}

unsafe extern "C" fn visit(
    info: *mut libc::dl_phdr_info,
    _size: usize,
    data: *mut c_void,
) -> c_int {
    // SAFETY: `data` is the `Scan` passed to dl_iterate_phdr by `objects`,
    // borrowed by nothing else during the call.
    let scan = unsafe { &mut *(data as *mut Scan) };
    // SAFETY: dl_iterate_phdr passes a valid info for the duration of the call.
    let info = unsafe { &*info };
    // A panic must not unwind into the loader: the object is then skipped.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_object(info, scan)));
    if let Ok(o) = read {
        scan.found.push(o);
    }
    0
}

/// The loaded segments of an object, as address ranges.
struct Segments(Vec<(usize, usize)>);

impl Segments {
    fn contains(&self, addr: usize, len: usize) -> bool {
        self.0
            .iter()
            .any(|&(start, end)| addr >= start && addr.checked_add(len).is_some_and(|e| e <= end))
    }
}

#[cfg(target_pointer_width = "64")]
fn read_object(info: &libc::dl_phdr_info, scan: &Scan) -> Object {
    let base = info.dlpi_addr as usize;
    let path = if info.dlpi_name.is_null() {
        String::new()
    } else {
        // SAFETY: the loader's name for the object, NUL-terminated, alive
        // while the object is loaded (for all of this call).
        unsafe { CStr::from_ptr(info.dlpi_name) }
            .to_string_lossy()
            .into_owned()
    };
    let phdrs: &[libc::Elf64_Phdr] = if info.dlpi_phdr.is_null() {
        &[]
    } else {
        // SAFETY: dlpi_phdr points to dlpi_phnum program headers of the
        // loaded object.
        unsafe { std::slice::from_raw_parts(info.dlpi_phdr, info.dlpi_phnum as usize) }
    };
    let segments = Segments(
        phdrs
            .iter()
            .filter(|p| p.p_type == libc::PT_LOAD)
            .map(|p| {
                let start = base.wrapping_add(p.p_vaddr as usize);
                (start, start.saturating_add(p.p_memsz as usize))
            })
            .collect(),
    );
    let mut o = Object {
        path,
        is_self: segments.contains(scan.self_addr, 1),
        ..Object::default()
    };
    let Some(dynamic) = phdrs.iter().find(|p| p.p_type == libc::PT_DYNAMIC) else {
        return o;
    };
    let dyn_addr = base.wrapping_add(dynamic.p_vaddr as usize);
    let Some(tables) = Tables::read(dyn_addr, base, &segments) else {
        return o;
    };
    o.soname = tables.soname.and_then(|off| tables.string(off));
    if scan.symbols {
        tables.symbols(&mut o);
    }
    o
}

#[cfg(not(target_pointer_width = "64"))]
fn read_object(info: &libc::dl_phdr_info, scan: &Scan) -> Object {
    let _ = (info, scan);
    Object::default()
}

/// `Elf64_Dyn`.
#[repr(C)]
#[derive(Clone, Copy)]
struct Dyn {
    tag: i64,
    val: u64,
}

/// `Elf64_Sym`.
#[repr(C)]
#[derive(Clone, Copy)]
struct Sym {
    name: u32,
    info: u8,
    other: u8,
    shndx: u16,
    value: u64,
    size: u64,
}

const DT_NULL: i64 = 0;
const DT_HASH: i64 = 4;
const DT_STRTAB: i64 = 5;
const DT_SYMTAB: i64 = 6;
const DT_STRSZ: i64 = 10;
const DT_SONAME: i64 = 14;
const DT_GNU_HASH: i64 = 0x6fff_fef5;
const DT_VERSYM: i64 = 0x6fff_fff0;
const DT_VERNEED: i64 = 0x6fff_fffe;
const DT_VERNEEDNUM: i64 = 0x6fff_ffff;
const STB_GLOBAL: u8 = 1;
const STB_WEAK: u8 = 2;

/// An object's dynamic tables, as checked addresses.
struct Tables<'a> {
    segments: &'a Segments,
    strtab: usize,
    strsz: usize,
    symtab: usize,
    count: usize,
    versym: Option<usize>,
    verneed: Option<(usize, usize)>,
    soname: Option<usize>,
}

impl<'a> Tables<'a> {
    fn read(dyn_addr: usize, base: usize, segments: &'a Segments) -> Option<Self> {
        // glibc rewrites the address entries of a dynamic section to
        // absolute addresses once the object is relocated; other loaders
        // (and read-only sections) leave them relative to the base.
        let addr = |v: u64| {
            let v = v as usize;
            if v >= base { v } else { base.wrapping_add(v) }
        };
        let (mut strtab, mut strsz, mut symtab, mut hash, mut gnu_hash) = (0, 0, 0, 0, 0);
        let (mut versym, mut verneed, mut verneednum, mut soname) = (None, 0, 0, None);
        for i in 0..4096 {
            let at = dyn_addr + i * size_of::<Dyn>();
            if !segments.contains(at, size_of::<Dyn>()) {
                return None;
            }
            // SAFETY: inside a loaded segment of this object (checked
            // above), suitably aligned as the ELF format requires.
            let d = unsafe { std::ptr::read(at as *const Dyn) };
            match d.tag {
                DT_NULL => break,
                DT_STRTAB => strtab = addr(d.val),
                DT_STRSZ => strsz = d.val as usize,
                DT_SYMTAB => symtab = addr(d.val),
                DT_HASH => hash = addr(d.val),
                DT_GNU_HASH => gnu_hash = addr(d.val),
                DT_VERSYM => versym = Some(addr(d.val)),
                DT_VERNEED => verneed = addr(d.val),
                DT_VERNEEDNUM => verneednum = d.val as usize,
                DT_SONAME => soname = Some(d.val as usize),
                _ => {}
            }
        }
        if strtab == 0 || symtab == 0 || !segments.contains(strtab, strsz) {
            return None;
        }
        let mut t = Tables {
            segments,
            strtab,
            strsz,
            symtab,
            count: 0,
            versym,
            verneed: (verneed != 0).then_some((verneed, verneednum)),
            soname,
        };
        t.count = if hash != 0 {
            t.word(hash + 4)? as usize
        } else if gnu_hash != 0 {
            t.gnu_hash_count(gnu_hash)?
        } else {
            return None;
        };
        if !segments.contains(symtab, t.count.checked_mul(size_of::<Sym>())?) {
            return None;
        }
        Some(t)
    }

    fn word(&self, at: usize) -> Option<u32> {
        if !self.segments.contains(at, 4) {
            return None;
        }
        // SAFETY: four bytes inside a loaded segment; ELF hash and version
        // tables are 4-byte aligned.
        Some(unsafe { std::ptr::read(at as *const u32) })
    }

    fn half(&self, at: usize) -> Option<u16> {
        if !self.segments.contains(at, 2) {
            return None;
        }
        // SAFETY: two bytes inside a loaded segment, 2-byte aligned (versym
        // entries and version-record halves).
        Some(unsafe { std::ptr::read(at as *const u16) })
    }

    /// DT_GNU_HASH does not store the symbol count: it is one past the
    /// last symbol of the highest bucket's chain (chains end with bit 0 set),
    /// or the first hashed index when every bucket is empty.
    fn gnu_hash_count(&self, at: usize) -> Option<usize> {
        let nbuckets = self.word(at)? as usize;
        let symoffset = self.word(at + 4)? as usize;
        let bloom_size = self.word(at + 8)? as usize;
        let buckets = at + 16 + bloom_size * 8;
        let mut last = 0usize;
        for b in 0..nbuckets {
            last = last.max(self.word(buckets + b * 4)? as usize);
        }
        if last < symoffset {
            return Some(symoffset);
        }
        let chains = buckets + nbuckets * 4;
        let mut i = last;
        while self.word(chains + (i - symoffset) * 4)? & 1 == 0 {
            i += 1;
        }
        Some(i + 1)
    }

    fn string(&self, off: usize) -> Option<String> {
        if off >= self.strsz {
            return None;
        }
        let start = self.strtab + off;
        let len = self.strsz - off;
        // SAFETY: [strtab, strtab + strsz) lies in a loaded segment (checked
        // in `read`); the slice stays within it.
        let bytes = unsafe { std::slice::from_raw_parts(start as *const u8, len) };
        let end = bytes.iter().position(|&b| b == 0)?;
        std::str::from_utf8(&bytes[..end]).ok().map(str::to_owned)
    }

    /// Version index -> needed file (DT_VERNEED: Elf64_Verneed records of
    /// version, count, file, aux, next; each aux, Elf64_Vernaux: hash,
    /// flags, other (the index), name, next).
    fn needed_files(&self) -> Vec<(u16, String)> {
        let mut map = Vec::new();
        let Some((mut at, n)) = self.verneed else {
            return map;
        };
        for _ in 0..n.min(1024) {
            let (Some(cnt), Some(file), Some(aux), Some(next)) = (
                self.half(at + 2),
                self.word(at + 4),
                self.word(at + 8),
                self.word(at + 12),
            ) else {
                break;
            };
            let file = self.string(file as usize).unwrap_or_default();
            let mut a = at + aux as usize;
            for _ in 0..cnt {
                let (Some(other), Some(anext)) = (self.half(a + 6), self.word(a + 12)) else {
                    break;
                };
                map.push((other & 0x7fff, file.clone()));
                if anext == 0 {
                    break;
                }
                a += anext as usize;
            }
            if next == 0 {
                break;
            }
            at += next as usize;
        }
        map
    }

    fn symbols(&self, o: &mut Object) {
        let files = self.needed_files();
        for i in 1..self.count {
            let at = self.symtab + i * size_of::<Sym>();
            // SAFETY: the whole symbol table lies in a loaded segment
            // (checked in `read`), entries 8-byte aligned.
            let s = unsafe { std::ptr::read(at as *const Sym) };
            let bind = s.info >> 4;
            if s.name == 0 || (bind != STB_GLOBAL && bind != STB_WEAK) {
                continue;
            }
            // The name is copied only for a symbol that is kept (imports,
            // and our own exports): the exports of other objects
            // (libcrypto alone has thousands) are not, and copying every
            // name cost a preloaded process about 9,000 allocations per
            // reading.
            let import = s.shndx == 0;
            if !import && !o.is_self {
                continue;
            }
            let Some(name) = self.string(s.name as usize) else {
                continue;
            };
            if import {
                let index = self
                    .versym
                    .and_then(|v| self.half(v + i * 2))
                    .map(|v| v & 0x7fff);
                let file =
                    index.and_then(|x| files.iter().find(|(n, _)| *n == x).map(|(_, f)| f.clone()));
                o.imports.push((name, file));
            } else {
                o.exports.push(name);
            }
        }
    }
}

/// `_exit(2)`: ends the process now, running no atexit handler or
/// destructor (which, in a process the guard stops, could be the very mix of
/// libraries it stops for).
pub fn exit_now(code: c_int) -> ! {
    // SAFETY: _exit takes an integer and does not return.
    unsafe { libc::_exit(code) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test program imports `dl_iterate_phdr` from libc (versioned
    /// GLIBC_x from libc.so.6); libc, as the object holding `malloc`,
    /// exports it.
    #[test]
    fn reads_imports_and_exports() {
        let all = objects(libc::malloc as *const () as usize, true);
        assert!(all.len() > 2);
        let main = &all[0];
        assert!(main.path.is_empty());
        let imp = main.imports.iter().find(|(n, _)| n == "dl_iterate_phdr");
        assert_eq!(imp.and_then(|(_, f)| f.as_deref()), Some("libc.so.6"));
        let me: Vec<&Object> = all.iter().filter(|o| o.is_self).collect();
        assert_eq!(me.len(), 1);
        assert_eq!(me[0].soname.as_deref(), Some("libc.so.6"));
        assert!(me[0].exports.iter().any(|n| n == "malloc"));
        assert!(
            all.iter()
                .filter(|o| !o.is_self)
                .all(|o| o.exports.is_empty())
        );
        let names = objects(libc::malloc as *const () as usize, false);
        assert_eq!(names.len(), all.len());
        assert!(names.iter().all(|o| o.imports.is_empty()));
    }
}
