use super::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "sslshim-x509-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self, f: &str) -> PathBuf {
        self.0.join(f)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn openssl(args: &[&str]) -> Option<String> {
    let out = Command::new("openssl").args(args).output().ok()?;
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Makes a self-signed certificate with `subj`; `None` without the CLI.
fn self_signed(dir: &TempDir, name: &str, subj: &str, extra: &[&str]) -> Option<PathBuf> {
    let cert = dir.path(&format!("{name}.pem"));
    let key = dir.path(&format!("{name}.key"));
    let mut args = vec![
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "2",
        "-subj",
        subj,
        "-keyout",
        p(&key),
        "-out",
        p(&cert),
    ];
    args.extend_from_slice(extra);
    openssl(&args)?;
    Some(cert)
}

fn der_of(cert: &Path) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(["x509", "-in", p(cert), "-outform", "DER"])
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

/// The oracle's one-line form of a certificate's subject or issuer.
fn oracle_name(cert: &Path, which: &str) -> String {
    let out = openssl(&[
        "x509",
        "-in",
        p(cert),
        "-noout",
        which,
        "-nameopt",
        "compat",
    ])
    .unwrap();
    let line = out.trim_end_matches('\n');
    line.split_once('=').unwrap().1.to_owned()
}

fn check_against_oracle(cert: &Path) -> Arc<X509> {
    let der = der_of(cert);
    let x = X509::from_der(der.clone()).expect("parses");
    assert_eq!(x.der(), der.as_slice(), "DER round trip");
    assert_eq!(
        x.subject().oneline(None).unwrap(),
        oracle_name(cert, "-subject")
    );
    assert_eq!(
        x.issuer().oneline(None).unwrap(),
        oracle_name(cert, "-issuer")
    );
    let (issuer, subject) = issuer_and_subject(&der).unwrap();
    assert_eq!(issuer, x.issuer().der());
    assert_eq!(subject, x.subject().der());
    x
}

#[test]
fn names_match_openssl() {
    let dir = TempDir::new("names");
    let Some(plain) = self_signed(
        &dir,
        "plain",
        "/C=US/ST=CA/O=Example Org/OU=Unit/CN=test.example",
        &[],
    ) else {
        eprintln!("openssl CLI not found; skipping");
        return;
    };
    let x = check_against_oracle(&plain);
    assert_eq!(
        x.subject().oneline(None).unwrap(),
        "/C=US/ST=CA/O=Example Org/OU=Unit/CN=test.example"
    );

    let odd = self_signed(
        &dir,
        "odd",
        "/C=DE/L=Z\u{fc}rich \u{e9}/O=Slash\\/Plus\\+Co/CN=a+OU=b/emailAddress=ops@example.org\
         /DC=example/DC=com/serialNumber=42/title=Dr/GN=Ada/SN=Lovelace/UID=ada/street=Main St",
        &["-utf8", "-multivalue-rdn"],
    )
    .unwrap();
    let x = check_against_oracle(&odd);
    let line = x.subject().oneline(None).unwrap();
    assert!(line.contains("\\xC3\\xBC"), "{line}");
    assert!(line.contains("+"), "multi-valued RDN: {line}");
}

#[test]
fn issuer_differs_from_subject() {
    let dir = TempDir::new("chain");
    let Some(ca) = self_signed(&dir, "ca", "/O=Test CA/CN=Root", &[]) else {
        return;
    };
    let leaf_key = dir.path("leaf.key");
    let csr = dir.path("leaf.csr");
    let leaf = dir.path("leaf.pem");
    openssl(&[
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        "/CN=leaf.example",
        "-keyout",
        p(&leaf_key),
        "-out",
        p(&csr),
    ])
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        p(&csr),
        "-CA",
        p(&ca),
        "-CAkey",
        p(&dir.path("ca.key")),
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        p(&leaf),
    ])
    .unwrap();
    let x = check_against_oracle(&leaf);
    assert_eq!(x.issuer().oneline(None).unwrap(), "/O=Test CA/CN=Root");
    assert_ne!(x.issuer().der(), x.subject().der());
}

#[test]
fn oneline_truncates_whole_entries() {
    let dir = TempDir::new("trunc");
    let Some(c) = self_signed(&dir, "t", "/C=US/ST=CA/O=Ex/CN=abc", &[]) else {
        return;
    };
    let x = X509::from_der(der_of(&c)).unwrap();
    let n = x.subject();
    assert_eq!(n.oneline(Some(0)), Err(OnelineError::NoRoom));
    assert_eq!(n.oneline(Some(1)).unwrap(), "");
    assert_eq!(n.oneline(Some(5)).unwrap(), "");
    assert_eq!(n.oneline(Some(6)).unwrap(), "/C=US");
    assert_eq!(n.oneline(Some(11)).unwrap(), "/C=US");
    assert_eq!(n.oneline(Some(12)).unwrap(), "/C=US/ST=CA");
    assert_eq!(n.oneline(Some(100)).unwrap(), "/C=US/ST=CA/O=Ex/CN=abc");
}

#[test]
fn escaping_and_unknown_oids() {
    // Hand-built Name: one RDN of (1.2.3.4 = "a/b") + (CN = "x\ny"),
    // one GeneralString in UCS-4 disguise, one BMPString.
    let atv = |oid: &[u8], tag: u8, v: &[u8]| {
        let mut o = vec![0x06, oid.len() as u8];
        o.extend(oid);
        o.extend([tag, v.len() as u8]);
        o.extend(v);
        let mut s = vec![0x30, o.len() as u8];
        s.extend(o);
        s
    };
    let set = |atvs: Vec<Vec<u8>>| {
        let body: Vec<u8> = atvs.concat();
        let mut s = vec![0x31, body.len() as u8];
        s.extend(body);
        s
    };
    let rdn1 = set(vec![
        atv(&[0x2A, 0x03, 0x04], 0x0C, b"a/b"),
        atv(&[0x55, 4, 3], 0x0C, b"x\ny"),
    ]);
    let rdn2 = set(vec![atv(&[0x55, 4, 10], 27, b"\0\0\0O\0\0\0K")]);
    let rdn3 = set(vec![atv(&[0x55, 4, 11], 30, b"\0h\0i")]);
    let body = [rdn1, rdn2, rdn3].concat();
    let mut der = vec![0x30, body.len() as u8];
    der.extend(body);
    let n = X509Name::from_der(&der).unwrap();
    assert_eq!(
        n.oneline(None).unwrap(),
        "/1.2.3.4=a\\/b+CN=x\\x0Ay/O=OK/OU=\\x00h\\x00i"
    );
}

#[test]
fn oid_text() {
    assert_eq!(
        der::oid_to_dotted(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D]).unwrap(),
        "1.2.840.113549"
    );
    assert_eq!(der::oid_to_dotted(&[0x88, 0x37, 0x03]).unwrap(), "2.999.3");
    // An arc beyond 64 bits.
    let big = [
        0x2A, 0x83, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F,
    ];
    assert_eq!(
        der::oid_to_dotted(&big).unwrap(),
        "1.2.4722366482869645213695"
    );
    assert!(
        der::oid_to_dotted(&[0x2A, 0x80, 0x01]).is_none(),
        "non-minimal"
    );
    assert!(der::oid_to_dotted(&[0x2A, 0x81]).is_none(), "dangling");
    assert!(der::oid_to_dotted(&[]).is_none());
    assert_eq!(
        oid_short_name(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 1, 9, 1]),
        "emailAddress"
    );
    assert_eq!(
        oid_short_name(&[0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 1, 25]),
        "DC"
    );
}

#[test]
fn garbage_is_rejected_without_panics() {
    assert!(X509::from_der(Vec::new()).is_none());
    assert!(X509::from_der(vec![0x30]).is_none());
    assert!(X509::from_der(vec![0x30, 0x80, 0, 0]).is_none());
    assert!(X509::from_der(vec![0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]).is_none());
    assert!(X509::from_der(vec![0x1F, 0x81, 0x01, 0x00]).is_none());
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for len in 0..300 {
        let v: Vec<u8> = (0..len).map(|_| rand() as u8).collect();
        let _ = X509::from_der(v.clone());
        let mut w = v;
        w.insert(0, 0x30);
        let _ = X509::from_der(w);
    }

    let dir = TempDir::new("garbage");
    let Some(c) = self_signed(&dir, "g", "/CN=g", &[]) else {
        return;
    };
    let der = der_of(&c);
    for cut in 0..der.len() {
        assert!(
            X509::from_der(der[..cut].to_vec()).is_none(),
            "truncated at {cut}"
        );
    }
    let mut trailing = der.clone();
    trailing.push(0);
    assert!(X509::from_der(trailing).is_none());
    for i in 0..der.len() {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut m = der.clone();
            m[i] ^= flip;
            let _ = X509::from_der(m);
        }
    }
}

#[test]
fn verify_strings() {
    use crate::abi::*;
    assert_eq!(verify_cert_error_string(X509_V_OK as i64), c"ok");
    assert_eq!(
        verify_cert_error_string(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT as i64),
        c"self-signed certificate"
    );
    assert_eq!(
        verify_cert_error_string(X509_V_ERR_HOSTNAME_MISMATCH as i64),
        c"hostname mismatch"
    );
    assert_eq!(
        verify_cert_error_string(X509_V_ERR_EC_KEY_EXPLICIT_PARAMS as i64),
        c"Certificate public key has explicit ECC parameters"
    );
    for bad in [-1, 95, 1000, i64::MIN] {
        assert_eq!(
            verify_cert_error_string(bad),
            c"unknown certificate verification error"
        );
    }
}
