//! A small ELF64 little-endian reader: just what sslshim-check needs from a
//! program or library (its type, interpreter, DT_NEEDED/SONAME/RPATH/
//! RUNPATH, and its dynamic symbols with the library each undefined one is
//! versioned against). Read through the section headers, which Debian's
//! stripped binaries keep. Safe Rust over a byte slice; every read is
//! bounds-checked and a malformed file is an error, never a panic.

use std::fmt;

const SHT_DYNAMIC: u32 = 6;
const SHT_DYNSYM: u32 = 11;
const SHT_GNU_VERNEED: u32 = 0x6fff_fffe;
const SHT_GNU_VERSYM: u32 = 0x6fff_ffff;
const PT_INTERP: u32 = 3;
const PT_DYNAMIC: u32 = 2;
const DT_NEEDED: u64 = 1;
const DT_SONAME: u64 = 14;
const DT_RPATH: u64 = 15;
const DT_RUNPATH: u64 = 29;
const DT_FLAGS_1: u64 = 0x6fff_fffb;
const DF_1_PIE: u64 = 0x0800_0000;

#[derive(Debug)]
pub enum Error {
    NotElf,
    Unsupported(String),
    Malformed(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotElf => write!(f, "not an ELF file"),
            Error::Unsupported(s) => write!(f, "unsupported ELF file: {s}"),
            Error::Malformed(s) => write!(f, "malformed ELF file ({s})"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Executable,
    /// ET_DYN with an interpreter (or the PIE flag): a program.
    PieExecutable,
    /// ET_DYN without one: a library or a module a program dlopen()s.
    SharedObject,
    Other,
}

#[derive(Debug, Clone)]
pub struct Symbol {
    pub name: String,
    pub defined: bool,
    pub weak: bool,
    /// For an undefined symbol: the file of its version requirement
    /// (e.g. "libssl.so.3" for SSL_read@OPENSSL_3.0.0), when versioned.
    pub from: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Elf {
    pub machine: u16,
    pub kind: Kind,
    pub interp: Option<String>,
    /// False for a static binary (no dynamic section).
    pub dynamic: bool,
    pub needed: Vec<String>,
    pub soname: Option<String>,
    pub rpath: Vec<String>,
    pub runpath: Vec<String>,
    pub symbols: Vec<Symbol>,
}

struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn slice(&self, off: u64, len: u64) -> Result<&'a [u8], Error> {
        let start = usize::try_from(off).map_err(|_| Error::Malformed("offset"))?;
        let len = usize::try_from(len).map_err(|_| Error::Malformed("size"))?;
        let end = start.checked_add(len).ok_or(Error::Malformed("size"))?;
        self.0.get(start..end).ok_or(Error::Malformed("truncated"))
    }
    fn u16(&self, off: u64) -> Result<u16, Error> {
        let b = self.slice(off, 2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&self, off: u64) -> Result<u32, Error> {
        let b = self.slice(off, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&self, off: u64) -> Result<u64, Error> {
        let b = self.slice(off, 8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

struct Section {
    kind: u32,
    offset: u64,
    size: u64,
    link: u32,
    entsize: u64,
    info: u32,
}

/// A NUL-terminated string at `off` inside a string table section.
fn cstr(b: &Bytes, table: &Section, off: u64) -> Result<String, Error> {
    if off >= table.size {
        return Err(Error::Malformed("string offset"));
    }
    let bytes = b.slice(table.offset + off, table.size - off)?;
    let end = bytes
        .iter()
        .position(|&c| c == 0)
        .ok_or(Error::Malformed("unterminated string"))?;
    Ok(String::from_utf8_lossy(&bytes[..end]).into_owned())
}

pub fn parse(data: &[u8]) -> Result<Elf, Error> {
    if data.len() < 16 || &data[..4] != b"\x7fELF" {
        return Err(Error::NotElf);
    }
    if data[4] != 2 {
        return Err(Error::Unsupported("32-bit (only ELF64 is read)".into()));
    }
    if data[5] != 1 {
        return Err(Error::Unsupported("big-endian".into()));
    }
    let b = Bytes(data);
    let e_type = b.u16(16)?;
    let machine = b.u16(18)?;
    let phoff = b.u64(32)?;
    let shoff = b.u64(40)?;
    let phentsize = u64::from(b.u16(54)?);
    let phnum = u64::from(b.u16(56)?);
    let shentsize = u64::from(b.u16(58)?);
    let shnum = u64::from(b.u16(60)?);

    let mut interp = None;
    let mut has_pt_dynamic = false;
    for i in 0..phnum {
        let ph = phoff + i * phentsize;
        match b.u32(ph)? {
            PT_INTERP => {
                let (off, size) = (b.u64(ph + 8)?, b.u64(ph + 32)?);
                let raw = b.slice(off, size)?;
                let end = raw.iter().position(|&c| c == 0).unwrap_or(raw.len());
                interp = Some(String::from_utf8_lossy(&raw[..end]).into_owned());
            }
            PT_DYNAMIC => has_pt_dynamic = true,
            _ => {}
        }
    }

    let mut sections = Vec::new();
    for i in 0..shnum {
        let sh = shoff + i * shentsize;
        sections.push(Section {
            kind: b.u32(sh + 4)?,
            offset: b.u64(sh + 24)?,
            size: b.u64(sh + 32)?,
            link: b.u32(sh + 40)?,
            info: b.u32(sh + 44)?,
            entsize: b.u64(sh + 56)?,
        });
    }
    if has_pt_dynamic && sections.is_empty() {
        return Err(Error::Unsupported("no section headers".into()));
    }
    let link = |s: &Section| {
        sections
            .get(s.link as usize)
            .ok_or(Error::Malformed("section link"))
    };

    let mut elf = Elf {
        machine,
        kind: match e_type {
            2 => Kind::Executable,
            3 if interp.is_some() => Kind::PieExecutable,
            3 => Kind::SharedObject,
            _ => Kind::Other,
        },
        interp,
        dynamic: has_pt_dynamic,
        needed: Vec::new(),
        soname: None,
        rpath: Vec::new(),
        runpath: Vec::new(),
        symbols: Vec::new(),
    };

    let mut pie_flag = false;
    for s in sections.iter().filter(|s| s.kind == SHT_DYNAMIC) {
        let strtab = link(s)?;
        let mut off = 0;
        while off + 16 <= s.size {
            let tag = b.u64(s.offset + off)?;
            let val = b.u64(s.offset + off + 8)?;
            off += 16;
            match tag {
                0 => break,
                DT_NEEDED => elf.needed.push(cstr(&b, strtab, val)?),
                DT_SONAME => elf.soname = Some(cstr(&b, strtab, val)?),
                DT_RPATH => elf.rpath = split_path(&cstr(&b, strtab, val)?),
                DT_RUNPATH => elf.runpath = split_path(&cstr(&b, strtab, val)?),
                DT_FLAGS_1 => pie_flag = val & DF_1_PIE != 0,
                _ => {}
            }
        }
    }
    if pie_flag && elf.kind == Kind::SharedObject {
        elf.kind = Kind::PieExecutable;
    }

    // Version requirements: index -> (file, version name).
    let mut needs: Vec<(u16, String, String)> = Vec::new();
    for s in sections.iter().filter(|s| s.kind == SHT_GNU_VERNEED) {
        let strtab = link(s)?;
        let mut off = s.offset;
        for _ in 0..s.info {
            let cnt = b.u16(off + 2)?;
            let file = cstr(&b, strtab, u64::from(b.u32(off + 4)?))?;
            let mut aux = off + u64::from(b.u32(off + 8)?);
            for _ in 0..cnt {
                let other = b.u16(aux + 6)?;
                let name = cstr(&b, strtab, u64::from(b.u32(aux + 8)?))?;
                needs.push((other & 0x7fff, file.clone(), name));
                let next = b.u32(aux + 12)?;
                if next == 0 {
                    break;
                }
                aux += u64::from(next);
            }
            let next = b.u32(off + 12)?;
            if next == 0 {
                break;
            }
            off += u64::from(next);
        }
    }
    let versym = sections.iter().find(|s| s.kind == SHT_GNU_VERSYM);

    if let Some(s) = sections.iter().find(|s| s.kind == SHT_DYNSYM) {
        let strtab = link(s)?;
        let ent = if s.entsize == 0 { 24 } else { s.entsize };
        let count = s.size / ent;
        for i in 1..count {
            let sym = s.offset + i * ent;
            let name_off = u64::from(b.u32(sym)?);
            let info = b.slice(sym + 4, 1)?[0];
            let shndx = b.u16(sym + 6)?;
            let bind = info >> 4;
            if name_off == 0 || !(bind == 1 || bind == 2) {
                continue; // unnamed, or local
            }
            let name = cstr(&b, strtab, name_off)?;
            let defined = shndx != 0;
            let mut from = None;
            let mut version = None;
            if let Some(v) = versym.filter(|_| !defined) {
                let idx = b.u16(v.offset + i * 2)? & 0x7fff;
                if let Some((_, file, ver)) = needs.iter().find(|(n, _, _)| *n == idx) {
                    from = Some(file.clone());
                    version = Some(ver.clone());
                }
            }
            elf.symbols.push(Symbol {
                name,
                defined,
                weak: bind == 2,
                from,
                version,
            });
        }
    }
    Ok(elf)
}

fn split_path(s: &str) -> Vec<String> {
    s.split(':')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The contents of the section named `name` (e.g. sslshim's
/// `sslshim_registry`), None when the file has none.
pub fn section<'a>(data: &'a [u8], name: &str) -> Result<Option<&'a [u8]>, Error> {
    if data.len() < 64 || &data[..4] != b"\x7fELF" {
        return Err(Error::NotElf);
    }
    if data[4] != 2 || data[5] != 1 {
        return Err(Error::Unsupported(
            "only ELF64 little-endian is read".into(),
        ));
    }
    let b = Bytes(data);
    let shoff = b.u64(40)?;
    let shentsize = u64::from(b.u16(58)?);
    let shnum = u64::from(b.u16(60)?);
    let shstrndx = u64::from(b.u16(62)?);
    let header = |i: u64| -> Result<(u32, u32, u64, u64), Error> {
        let sh = shoff + i * shentsize;
        Ok((b.u32(sh)?, b.u32(sh + 4)?, b.u64(sh + 24)?, b.u64(sh + 32)?))
    };
    if shstrndx >= shnum {
        return Ok(None);
    }
    let (_, _, str_off, str_size) = header(shstrndx)?;
    let names = Section {
        kind: 0,
        offset: str_off,
        size: str_size,
        link: 0,
        entsize: 0,
        info: 0,
    };
    for i in 0..shnum {
        let (name_off, kind, offset, size) = header(i)?;
        // SHT_NOBITS (8) has no bytes in the file.
        if kind == 8 || cstr(&b, &names, u64::from(name_off))? != name {
            continue;
        }
        return Ok(Some(b.slice(offset, size)?));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_system_program() {
        let data = std::fs::read("/bin/true").expect("/bin/true");
        let e = parse(&data).expect("parses");
        assert!(e.dynamic);
        assert!(e.needed.iter().any(|n| n.starts_with("libc.so")));
        assert!(
            e.symbols
                .iter()
                .any(|s| !s.defined && s.from.as_deref() == Some("libc.so.6"))
        );
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let data = std::fs::read("/bin/true").expect("/bin/true");
        // Section headers sit at the end: cutting anywhere fails cleanly.
        for len in (0..data.len()).step_by(997) {
            assert!(parse(&data[..len]).is_err(), "length {len}");
        }
        assert!(matches!(parse(b"#!/bin/sh\n"), Err(Error::NotElf)));
    }

    #[test]
    fn finds_sections_by_name() {
        let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        let text = section(&exe, ".text")
            .unwrap()
            .expect("a program has .text");
        assert!(!text.is_empty());
        assert!(section(&exe, "sslshim_registry").unwrap().is_none());
        assert!(matches!(
            section(b"not an elf file at all, no", ".text"),
            Err(Error::NotElf)
        ));
    }
}
