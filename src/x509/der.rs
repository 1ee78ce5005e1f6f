//! A minimal DER reader: just enough to walk a certificate to its Names.
//!
//! Every access is checked (`get`, `split_at_checked`), so hostile input
//! yields `None`, never a panic or an out-of-bounds read.

/// Universal tags we look for.
pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OID: u8 = 0x06;
/// `[0] EXPLICIT`, the certificate version wrapper.
pub const CONTEXT_0: u8 = 0xA0;

/// One tag-length-value element.
#[derive(Clone, Copy, Debug)]
pub struct Tlv<'a> {
    pub tag: u8,
    /// The value bytes.
    pub content: &'a [u8],
    /// The whole element, header included.
    pub raw: &'a [u8],
}

/// Reads one element from the front of `input`, returning it and the rest.
/// Only low-tag-number, definite-length forms exist in DER; anything else
/// is rejected.
pub fn read(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1F == 0x1F {
        return None;
    }
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7F);
        // 0x80 is BER's indefinite form; lengths beyond 4 bytes exceed any
        // certificate we could hold.
        if n == 0 || n > 4 {
            return None;
        }
        let (bytes, after) = rest.split_at_checked(n)?;
        rest = after;
        bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
    };
    let header = input.len() - rest.len();
    let (content, rest) = rest.split_at_checked(len)?;
    let raw = input.get(..header + len)?;
    Some((Tlv { tag, content, raw }, rest))
}

/// Reads one element that must carry `tag`.
pub fn expect(input: &[u8], tag: u8) -> Option<(Tlv<'_>, &[u8])> {
    let (tlv, rest) = read(input)?;
    (tlv.tag == tag).then_some((tlv, rest))
}

/// Iterates over the elements of a constructed value; stops (and reports
/// through `ok`) at the first malformed one.
pub struct Elements<'a> {
    rest: &'a [u8],
    pub ok: bool,
}

impl<'a> Elements<'a> {
    pub fn new(content: &'a [u8]) -> Self {
        Elements {
            rest: content,
            ok: true,
        }
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = Tlv<'a>;
    fn next(&mut self) -> Option<Tlv<'a>> {
        if self.rest.is_empty() || !self.ok {
            return None;
        }
        match read(self.rest) {
            Some((tlv, rest)) => {
                self.rest = rest;
                Some(tlv)
            }
            None => {
                self.ok = false;
                None
            }
        }
    }
}

/// Whether `content` is a well-formed OBJECT IDENTIFIER body (what OpenSSL's
/// `d2i_ASN1_OBJECT` insists on: non-empty, minimal sub-identifiers, no
/// dangling continuation byte).
pub fn oid_valid(content: &[u8]) -> bool {
    let mut at_start = true;
    for &b in content {
        if at_start && b == 0x80 {
            return false;
        }
        at_start = b & 0x80 == 0;
    }
    !content.is_empty() && at_start
}

/// A decimal natural number of any size, little-endian digits; OID arcs
/// are unbounded and OpenSSL prints them exactly.
#[derive(Default)]
struct Decimal(Vec<u8>);

impl Decimal {
    fn mul_add(&mut self, mul: u32, add: u32) {
        let mut carry = add;
        for d in &mut self.0 {
            let v = u32::from(*d) * mul + carry;
            *d = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            self.0.push((carry % 10) as u8);
            carry /= 10;
        }
    }

    fn small(&self) -> Option<u32> {
        if self.0.len() > 9 {
            return None;
        }
        Some(
            self.0
                .iter()
                .rev()
                .fold(0, |acc, &d| acc * 10 + u32::from(d)),
        )
    }

    /// Subtracts `n` (the caller knows the value is at least `n`).
    fn sub(&mut self, n: u32) {
        let mut borrow = n;
        for d in &mut self.0 {
            if borrow == 0 {
                break;
            }
            let take = borrow % 10;
            borrow /= 10;
            if u32::from(*d) >= take {
                *d -= take as u8;
            } else {
                *d = (u32::from(*d) + 10 - take) as u8;
                borrow += 1;
            }
        }
        while self.0.len() > 1 && self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn push_to(&self, out: &mut String) {
        if self.0.is_empty() {
            out.push('0');
        }
        out.extend(self.0.iter().rev().map(|&d| char::from(b'0' + d)));
    }
}

/// The dotted form of an OID body, as `OBJ_obj2txt(.., no_name = 1)`; the
/// first sub-identifier packs the first two arcs (`40 * a + b`, `a <= 2`).
pub fn oid_to_dotted(content: &[u8]) -> Option<String> {
    if !oid_valid(content) {
        return None;
    }
    let mut out = String::new();
    let mut cur = Decimal::default();
    let mut first = true;
    for &b in content {
        cur.mul_add(128, u32::from(b & 0x7F));
        if b & 0x80 != 0 {
            continue;
        }
        if first {
            first = false;
            match cur.small() {
                Some(v) if v < 80 => {
                    out.push_str(&format!("{}.{}", v / 40, v % 40));
                }
                _ => {
                    cur.sub(80);
                    out.push_str("2.");
                    cur.push_to(&mut out);
                }
            }
        } else {
            out.push('.');
            cur.push_to(&mut out);
        }
        cur = Decimal::default();
    }
    Some(out)
}

/// The OID body of a dotted form ("2.5.4.3" -> 55 04 03); `None` for text
/// that is not one (fewer than two arcs, a first arc above 2, a second
/// above 39 under 0 or 1, arcs beyond 128 bits).
pub fn dotted_to_oid(dotted: &str) -> Option<Vec<u8>> {
    let arcs: Vec<u128> = dotted
        .split('.')
        .map(|a| {
            if a.is_empty() || !a.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                a.parse().ok()
            }
        })
        .collect::<Option<_>>()?;
    let (&a, &b) = (arcs.first()?, arcs.get(1)?);
    if a > 2 || (a < 2 && b > 39) {
        return None;
    }
    let mut out = Vec::new();
    for v in std::iter::once(a.checked_mul(40)?.checked_add(b)?).chain(arcs[2..].iter().copied()) {
        let mut base128 = vec![(v & 0x7F) as u8];
        let mut rest = v >> 7;
        while rest > 0 {
            base128.push((rest & 0x7F) as u8 | 0x80);
            rest >>= 7;
        }
        out.extend(base128.iter().rev());
    }
    Some(out)
}

#[cfg(test)]
mod dotted_tests {
    use super::*;

    #[test]
    fn dotted_round_trip() {
        for d in [
            "2.5.4.3",
            "1.2.840.113549.1.1.1",
            "2.999.3",
            "0.9.2342.19200300.100.1.25",
        ] {
            let oid = dotted_to_oid(d).unwrap();
            assert_eq!(oid_to_dotted(&oid).as_deref(), Some(d));
        }
        assert_eq!(dotted_to_oid("2.5.4.3"), Some(vec![0x55, 0x04, 0x03]));
        for bad in ["", "1", "3.1", "1.40", "1..2", "1.2.x", "1.2."] {
            assert!(dotted_to_oid(bad).is_none(), "{bad}");
        }
    }
}
