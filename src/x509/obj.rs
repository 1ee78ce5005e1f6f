//! OpenSSL's object table (`OBJ_*`): each NID with its OID and short and
//! long names (src/x509/nids.rs, generated from the system OpenSSL).

use super::der;
use super::nids::NIDS;
use super::oids::SHORT_NAMES;

/// One object: `NID_undef` is (0, "", "UNDEF", "undefined").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Obj {
    pub nid: i32,
    /// Dotted form; empty for the objects without an OID.
    pub oid: &'static str,
    pub sn: &'static str,
    pub ln: &'static str,
}

pub const UNDEF: Obj = Obj {
    nid: 0,
    oid: "",
    sn: "UNDEF",
    ln: "undefined",
};

fn entry(e: &(i32, &'static str, &'static str, &'static str)) -> Obj {
    Obj {
        nid: e.0,
        oid: e.1,
        sn: e.2,
        ln: e.3,
    }
}

/// `OBJ_nid2obj`.
pub fn by_nid(nid: i32) -> Option<Obj> {
    if nid == 0 {
        return Some(UNDEF);
    }
    NIDS.binary_search_by_key(&nid, |e| e.0)
        .ok()
        .map(|i| entry(&NIDS[i]))
}

/// Every object, `NID_undef` first.
pub fn all() -> impl Iterator<Item = Obj> {
    std::iter::once(UNDEF).chain(NIDS.iter().map(entry))
}

/// `OBJ_sn2nid`'s lookup (case-sensitive, as OpenSSL's).
pub fn by_sn(sn: &str) -> Option<Obj> {
    NIDS.iter().find(|e| e.2 == sn).map(entry)
}

/// `OBJ_ln2nid`'s lookup (case-sensitive, as OpenSSL's).
pub fn by_ln(ln: &str) -> Option<Obj> {
    NIDS.iter().find(|e| e.3 == ln).map(entry)
}

/// The object an OID (DER content octets) is: for an OID two NIDs share,
/// the one `OBJ_obj2nid` gives (SHORT_NAMES holds that choice).
pub fn by_oid(content: &[u8]) -> Option<Obj> {
    by_dotted(&der::oid_to_dotted(content)?)
}

fn by_dotted(dotted: &str) -> Option<Obj> {
    let i = SHORT_NAMES.binary_search_by(|&(k, _)| k.cmp(dotted)).ok()?;
    by_sn(SHORT_NAMES[i].1)
}

/// `OBJ_txt2nid`: a short name, a long name, or a dotted OID.
pub fn by_text(s: &str) -> Option<Obj> {
    by_sn(s).or_else(|| by_ln(s)).or_else(|| by_dotted(s))
}

/// `OBJ_obj2txt` of an OID (content octets): the long name of a known
/// object unless `no_name`, else the dotted form.
pub fn oid_text(content: &[u8], no_name: bool) -> Option<String> {
    if !no_name && let Some(o) = by_oid(content) {
        return Some(o.ln.to_owned());
    }
    der::oid_to_dotted(content)
}

/// The DER content octets of an object's OID (none for those without).
pub fn oid_content(o: &Obj) -> Option<Vec<u8>> {
    if o.oid.is_empty() {
        return None;
    }
    der::dotted_to_oid(o.oid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_agree() {
        let cn = by_nid(13).unwrap();
        assert_eq!((cn.sn, cn.ln, cn.oid), ("CN", "commonName", "2.5.4.3"));
        assert_eq!(by_sn("CN"), Some(cn));
        assert_eq!(by_ln("commonName"), Some(cn));
        assert_eq!(by_text("2.5.4.3"), Some(cn));
        assert_eq!(by_oid(&[0x55, 0x04, 0x03]), Some(cn));
        assert_eq!(oid_content(&cn), Some(vec![0x55, 0x04, 0x03]));
        assert_eq!(by_nid(0), Some(UNDEF));
        assert!(by_nid(-1).is_none() && by_sn("cn").is_none());
        assert_eq!(
            oid_text(&[0x55, 0x04, 0x03], true).as_deref(),
            Some("2.5.4.3")
        );
        assert_eq!(
            oid_text(&[0x55, 0x04, 0x03], false).as_deref(),
            Some("commonName")
        );
    }
}
