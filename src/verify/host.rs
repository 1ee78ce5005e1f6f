//! Host name matching with OpenSSL's `X509_check_host` rules (v3_utl.c),
//! which `SSL_set1_host` verification uses: the subjectAltName's DNS
//! names, and only when it has none (or with ALWAYS_CHECK_SUBJECT) the
//! subject's commonName values, unless NEVER_CHECK_SUBJECT. Wildcards:
//! one `*` in the first label of a name with at least two more labels,
//! full-label or at a label edge (`f*.example.com`) unless
//! NO_PARTIAL_WILDCARDS, never in IDNA (`xn--`) labels; none at all with
//! NO_WILDCARDS. A host starting with `.` matches any subdomain.

use crate::abi::{
    X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT, X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS,
    X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS,
    X509_CHECK_FLAG_NO_WILDCARDS,
};

/// `X509_check_host(cert, host, 0, flags, NULL) == 1`.
pub fn matches(cert_der: &[u8], host: &str, flags: u32) -> bool {
    matched_name(cert_der, host, flags).is_some()
}

/// The certificate's name that `host` matched (a DNS name of the
/// subjectAltName or a commonName, wildcard as written): what
/// `X509_check_host` returns as its peername (`SSL_get0_peername`).
pub fn matched_name(cert_der: &[u8], host: &str, flags: u32) -> Option<Vec<u8>> {
    let host = host.as_bytes();
    let m = Matcher {
        flags,
        dot_subdomains: host.len() > 1 && host[0] == b'.',
    };
    let sans = crate::x509::dns_names(cert_der);
    if let Some(p) = sans.iter().find(|p| m.equal(p, host)) {
        return Some(p.to_vec());
    }
    if !sans.is_empty() && flags & X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT == 0 {
        return None;
    }
    if flags & X509_CHECK_FLAG_NEVER_CHECK_SUBJECT != 0 {
        return None;
    }
    crate::x509::common_names(cert_der)
        .into_iter()
        .find(|cn| m.equal(cn.as_bytes(), host))
        .map(String::into_bytes)
}

struct Matcher {
    flags: u32,
    /// The host begins with `.`: a suffix match at a label boundary.
    dot_subdomains: bool,
}

impl Matcher {
    fn equal(&self, pattern: &[u8], subject: &[u8]) -> bool {
        if pattern.is_empty() {
            return false;
        }
        if self.flags & X509_CHECK_FLAG_NO_WILDCARDS != 0 || self.dot_subdomains {
            return self.equal_nocase(pattern, subject);
        }
        match valid_star(pattern, self.flags) {
            Some(star) => self.wildcard_match(&pattern[..star], &pattern[star + 1..], subject),
            None => self.equal_nocase(pattern, subject),
        }
    }

    fn equal_nocase(&self, mut pattern: &[u8], subject: &[u8]) -> bool {
        if self.dot_subdomains && pattern.len() > subject.len() {
            // Drop the pattern's leading labels so that ".example.com"
            // matches "www.example.com".
            let skip = pattern.len() - subject.len();
            if !pattern[..skip].contains(&0) {
                pattern = &pattern[skip..];
            }
        }
        pattern.len() == subject.len()
            && !pattern.contains(&0)
            && pattern.eq_ignore_ascii_case(subject)
    }

    fn wildcard_match(&self, prefix: &[u8], suffix: &[u8], subject: &[u8]) -> bool {
        let plain = Matcher {
            flags: self.flags,
            dot_subdomains: false,
        };
        if subject.len() < prefix.len() + suffix.len() {
            return false;
        }
        let (start, end) = (prefix.len(), subject.len() - suffix.len());
        if !plain.equal_nocase(prefix, &subject[..start])
            || !plain.equal_nocase(&subject[end..], suffix)
        {
            return false;
        }
        let whole_label = prefix.is_empty() && suffix.first() == Some(&b'.');
        if whole_label && start == end {
            return false;
        }
        let multi = whole_label && self.flags & X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS != 0;
        if !whole_label && subject.len() >= 4 && subject[..4].eq_ignore_ascii_case(b"xn--") {
            return false;
        }
        let matched = &subject[start..end];
        matched == b"*"
            || matched
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || (multi && c == b'.'))
    }
}

/// The position of the one legal `*` of `p`, as OpenSSL's `valid_star`:
/// in the first label, at its start or end, not in an IDNA label, with at
/// least two labels after it and every label well formed.
fn valid_star(p: &[u8], flags: u32) -> Option<usize> {
    let mut star = None;
    let (mut label_start, mut hyphen, mut idna) = (true, false, false);
    let mut dots = 0;
    for (i, &c) in p.iter().enumerate() {
        match c {
            b'*' => {
                let at_end = i + 1 == p.len() || p[i + 1] == b'.';
                if star.is_some() || idna || dots > 0 {
                    return None;
                }
                if flags & X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS != 0 && !(label_start && at_end) {
                    return None;
                }
                if !label_start && !at_end {
                    return None;
                }
                star = Some(i);
                label_start = false;
            }
            c if c.is_ascii_alphanumeric() => {
                if label_start && p.len() - i >= 4 && p[i..i + 4].eq_ignore_ascii_case(b"xn--") {
                    idna = true;
                }
                hyphen = false;
                label_start = false;
            }
            b'.' => {
                if hyphen || label_start {
                    return None;
                }
                label_start = true;
                idna = false;
                dots += 1;
            }
            b'-' => {
                if label_start {
                    return None;
                }
                hyphen = true;
            }
            _ => return None,
        }
    }
    if label_start || hyphen || dots < 2 {
        return None;
    }
    star
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(pattern: &str, host: &str, flags: u32) -> bool {
        Matcher {
            flags,
            dot_subdomains: host.len() > 1 && host.starts_with('.'),
        }
        .equal(pattern.as_bytes(), host.as_bytes())
    }

    #[test]
    fn exact_names_ignore_ascii_case() {
        assert!(eq("LocalHost", "localhost", 0));
        assert!(!eq("localhost", "localhost.", 0));
        assert!(!eq("local\0host", "local\0host", 0));
    }

    #[test]
    fn full_label_wildcards() {
        assert!(eq("*.example.com", "www.example.com", 0));
        assert!(!eq("*.example.com", "example.com", 0));
        assert!(!eq("*.example.com", "a.b.example.com", 0));
        assert!(eq(
            "*.example.com",
            "a.b.example.com",
            X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS
        ));
        assert!(
            !eq("*.com", "example.com", 0),
            "two labels must follow the star"
        );
        assert!(!eq(
            "*.example.com",
            "www.example.com",
            X509_CHECK_FLAG_NO_WILDCARDS
        ));
        assert!(eq("*.example.com", "xn--bcher-kva.example.com", 0));
    }

    #[test]
    fn partial_wildcards() {
        assert!(eq("f*.example.com", "foo.example.com", 0));
        assert!(eq("*o.example.com", "foo.example.com", 0));
        assert!(
            !eq("f*o.example.com", "fxo.example.com", 0),
            "no star mid-label"
        );
        assert!(!eq(
            "f*.example.com",
            "foo.example.com",
            X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS
        ));
        assert!(
            !eq("x*.example.com", "xn--foo.example.com", 0),
            "IDNA subject"
        );
        assert!(
            !eq("xn--*.example.com", "xn--foo.example.com", 0),
            "IDNA pattern"
        );
        assert!(
            !eq("www.*.com", "www.example.com", 0),
            "star after the first label"
        );
    }

    #[test]
    fn leading_dot_host_matches_subdomains() {
        assert!(eq("www.example.com", ".example.com", 0));
        assert!(!eq("wwwexample.com", ".example.com", 0));
        // The star is skipped as a prefix: `openssl x509 -checkhost .example.com` agrees.
        assert!(eq("*.example.com", ".example.com", 0));
    }
}
