//! One PEM block of a given label, read and written as OpenSSL's
//! `PEM_bytes_read_bio` and `PEM_write_bio` do, for objects pki-types does
//! not know (`SSL SESSION PARAMETERS`); `pem` reads certificates and keys.
//!
//! Reading takes the input line by line and stops right after the wanted
//! block's END line, so the next call finds the next object. Blocks of
//! other labels are read whole and skipped, as OpenSSL reads each block
//! and then compares its name. Header lines (`Proc-Type: ...`, only ever
//! written for encrypted objects, which a session never is) are skipped.

use super::base64;
use std::ffi::CStr;

/// `PEM_STRING_SSL_SESSION`.
pub const SSL_SESSION_LABEL: &CStr = c"SSL SESSION PARAMETERS";

/// Why no block was read; each is one of OpenSSL's outcomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PemError {
    /// No BEGIN line of the label before the input ended
    /// (`PEM_R_NO_START_LINE`).
    NoStartLine,
    /// A block's END line is missing or names another label
    /// (`PEM_R_BAD_END_LINE`).
    BadEndLine,
    /// A block's body is not base64 (`PEM_R_BAD_BASE64_DECODE`).
    BadBase64,
    /// The block is empty: OpenSSL's reader fails with nothing queued.
    Empty,
}

#[derive(Debug)]
enum State {
    Seeking,
    /// Inside a block: its label, whether header lines are being skipped,
    /// and the base64 text so far.
    Body {
        label: String,
        in_header: bool,
        text: Vec<u8>,
    },
}

/// The labels a read takes.
#[derive(Clone, Copy, Debug)]
enum Wanted<'a> {
    One(&'a str),
    AnyOf(&'a [&'a str]),
}

impl Wanted<'_> {
    fn takes(&self, label: &str) -> bool {
        match self {
            Wanted::One(l) => *l == label,
            Wanted::AnyOf(ls) => ls.contains(&label),
        }
    }
}

/// Collects the next block labelled `label` (or one of several).
#[derive(Debug)]
pub struct BlockReader<'a> {
    wanted: Wanted<'a>,
    state: State,
    /// The label of the last block returned.
    last: Option<String>,
}

impl<'a> BlockReader<'a> {
    pub fn new(label: &'a str) -> Self {
        BlockReader {
            wanted: Wanted::One(label),
            state: State::Seeking,
            last: None,
        }
    }

    /// A reader taking the first block with any of `labels`, as OpenSSL's
    /// `PEM_read_bio_X509` takes "CERTIFICATE" and "X509 CERTIFICATE".
    pub fn any_of(labels: &'a [&'a str]) -> Self {
        BlockReader {
            wanted: Wanted::AnyOf(labels),
            state: State::Seeking,
            last: None,
        }
    }

    /// Feeds one line (with or without its newline); `Some` once the block
    /// is read (its DER) or reading failed.
    pub fn push_line(&mut self, line: &[u8]) -> Option<Result<Vec<u8>, PemError>> {
        let line = line.trim_ascii_end();
        match &mut self.state {
            State::Seeking => {
                let label = line
                    .strip_prefix(b"-----BEGIN ")
                    .and_then(|l| l.strip_suffix(b"-----"));
                if let Some(l) = label {
                    self.state = State::Body {
                        label: String::from_utf8_lossy(l).into_owned(),
                        in_header: false,
                        text: Vec::new(),
                    };
                }
                None
            }
            State::Body {
                label,
                in_header,
                text,
            } => {
                if let Some(end) = line.strip_prefix(b"-----END ") {
                    let ok = end.strip_suffix(b"-----") == Some(label.as_bytes());
                    let wanted = self.wanted.takes(label);
                    if wanted {
                        self.last = Some(label.clone());
                    }
                    let body = std::mem::take(text);
                    self.state = State::Seeking;
                    if !ok {
                        return Some(Err(PemError::BadEndLine));
                    }
                    // Any block is decoded before its name is compared, so
                    // a bad one of another label fails the read too.
                    let Some(der) = base64::decode(&body) else {
                        return Some(Err(PemError::BadBase64));
                    };
                    if der.is_empty() {
                        return Some(Err(PemError::Empty));
                    }
                    return wanted.then_some(Ok(der));
                }
                if *in_header {
                    *in_header = !line.is_empty();
                } else if text.is_empty() && line.contains(&b':') {
                    *in_header = true;
                } else {
                    text.extend_from_slice(line);
                }
                None
            }
        }
    }

    /// The label of the block last returned (for readers of several).
    pub fn last_label(&self) -> Option<String> {
        self.last.clone()
    }

    /// The input ended before a block was complete.
    pub fn finish(self) -> PemError {
        match self.state {
            State::Seeking => PemError::NoStartLine,
            State::Body { .. } => PemError::BadEndLine,
        }
    }
}

/// Reads lines from `next_line` (it fills the buffer and returns the
/// length, `None` at the end of input) until one block labelled `label`
/// is read.
pub fn read(
    label: &str,
    mut next_line: impl FnMut(&mut [u8]) -> Option<usize>,
) -> Result<Vec<u8>, PemError> {
    let mut r = BlockReader::new(label);
    let mut line = [0u8; 1024];
    while let Some(n) = next_line(&mut line) {
        if let Some(done) = r.push_line(&line[..n.min(line.len())]) {
            return done;
        }
    }
    Err(r.finish())
}

/// As `read`, for a block with any of `labels`.
pub fn read_any(
    labels: &[&str],
    mut next_line: impl FnMut(&mut [u8]) -> Option<usize>,
) -> Result<Vec<u8>, PemError> {
    let mut r = BlockReader::any_of(labels);
    let mut line = [0u8; 1024];
    while let Some(n) = next_line(&mut line) {
        if let Some(done) = r.push_line(&line[..n.min(line.len())]) {
            return done;
        }
    }
    Err(r.finish())
}

/// The next block with one of `labels` from `lines` (each with or without
/// its newline), which is left right after the block's END line.
pub fn read_lines<'l>(
    labels: &[&str],
    lines: &mut impl Iterator<Item = &'l [u8]>,
) -> Result<Vec<u8>, PemError> {
    let mut r = BlockReader::any_of(labels);
    for line in lines {
        if let Some(done) = r.push_line(line) {
            return done;
        }
    }
    Err(r.finish())
}

/// `PEM_write_bio`'s text: BEGIN line, the base64 in lines of 64
/// characters, END line.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = base64::encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    // The alphabet is ASCII, so any byte offset is a char boundary.
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(label: &str, text: &str) -> (Result<Vec<u8>, PemError>, usize) {
        let mut lines = text.split_inclusive('\n');
        let mut used = 0;
        let r = read(label, |buf| {
            let l = lines.next()?;
            used += 1;
            buf[..l.len()].copy_from_slice(l.as_bytes());
            Some(l.len())
        });
        (r, used)
    }

    #[test]
    fn writes_64_character_lines_and_reads_them_back() {
        let der: Vec<u8> = (0..=255u8).collect();
        let text = encode("SSL SESSION PARAMETERS", &der);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "-----BEGIN SSL SESSION PARAMETERS-----");
        assert_eq!(
            *lines.last().unwrap(),
            "-----END SSL SESSION PARAMETERS-----"
        );
        assert!(lines[1..lines.len() - 2].iter().all(|l| l.len() == 64));
        let label = SSL_SESSION_LABEL.to_str().unwrap();
        assert_eq!(read_all(label, &text).0, Ok(der));
    }

    #[test]
    fn skips_other_blocks_and_stops_after_its_own() {
        let text = "junk\n-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n\
                    -----BEGIN X-----\nProc-Type: 4,NONE\n\nMAE=\n-----END X-----\nafter\n";
        assert_eq!(read_all("X", text), (Ok(vec![0x30, 0x01]), 9));
    }

    #[test]
    fn any_of_several_labels_from_lines() {
        let text = "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n\
                    -----BEGIN X509 CERTIFICATE-----\nMAE=\n-----END X509 CERTIFICATE-----\n\
                    -----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        let labels = ["CERTIFICATE", "X509 CERTIFICATE"];
        let mut lines = text.as_bytes().split_inclusive(|&b| b == b'\n');
        assert_eq!(read_lines(&labels, &mut lines), Ok(vec![0x30, 0x01]));
        assert_eq!(read_lines(&labels, &mut lines), Err(PemError::BadBase64));
        assert_eq!(read_lines(&labels, &mut lines), Err(PemError::NoStartLine));
    }

    #[test]
    fn tells_failures_apart() {
        let b = "-----BEGIN X-----\n";
        assert_eq!(read_all("X", "").0, Err(PemError::NoStartLine));
        assert_eq!(read_all("X", "garbage\n").0, Err(PemError::NoStartLine));
        assert_eq!(
            read_all("X", &format!("{b}MAA=\n")).0,
            Err(PemError::BadEndLine)
        );
        let wrong_end = format!("{b}MAA=\n-----END Y-----\n");
        assert_eq!(read_all("X", &wrong_end).0, Err(PemError::BadEndLine));
        let bad = format!("{b}!!!!\n-----END X-----\n");
        assert_eq!(read_all("X", &bad).0, Err(PemError::BadBase64));
        let empty = format!("{b}-----END X-----\n");
        assert_eq!(read_all("X", &empty).0, Err(PemError::Empty));
    }
}
