//! Where an `OSSL_STORE` URI given to `SSL_CTX_load_verify_store` points,
//! as OpenSSL 3's `file:` store loader finds it: the string as a path
//! first (unless it is a `file://` URI), then, for `file:`, what follows
//! the scheme, which must be absolute (`file:/p`, `file:///p`,
//! `file://localhost/p`). Any other scheme is only tried as a path.

use std::path::PathBuf;

/// The first candidate that exists; `Err(errno)` if none does (ENOENT for a
/// URI no candidate is left of).
pub fn resolve(uri: &str) -> Result<PathBuf, i32> {
    let mut candidates: Vec<&str> = Vec::with_capacity(2);
    let scheme = uri
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("file:"));
    let rest = &uri[if scheme { 5 } else { 0 }..];
    if !(scheme && rest.starts_with("//")) {
        candidates.push(uri);
    }
    if scheme {
        let local = rest.strip_prefix("//").map_or(Some(rest), |auth| {
            let lower = auth.get(..10).map(str::to_ascii_lowercase);
            if lower.as_deref() == Some("localhost/") {
                Some(&auth[9..])
            } else {
                auth.starts_with('/').then_some(auth)
            }
        });
        if let Some(p) = local.filter(|p| p.starts_with('/')) {
            candidates.push(p);
        }
    }
    let mut errno = libc::ENOENT;
    for c in candidates {
        match std::fs::metadata(c) {
            Ok(_) => return Ok(PathBuf::from(c)),
            Err(e) => errno = e.raw_os_error().unwrap_or(libc::ENOENT),
        }
    }
    Err(errno)
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use std::path::PathBuf;

    #[test]
    fn plain_paths_and_file_uris() {
        let dir = env!("CARGO_MANIFEST_DIR");
        let ca = format!("{dir}/tests/certs/ca.pem");
        assert_eq!(resolve(&ca), Ok(PathBuf::from(&ca)));
        assert_eq!(resolve(&format!("file:{ca}")), Ok(PathBuf::from(&ca)));
        assert_eq!(resolve(&format!("file://{ca}")), Ok(PathBuf::from(&ca)));
        assert_eq!(
            resolve(&format!("FILE://localhost{ca}")),
            Ok(PathBuf::from(&ca))
        );
        // An authority other than localhost, a relative path after the
        // scheme, a missing file: nothing to open.
        assert_eq!(resolve(&format!("file://example{ca}")), Err(libc::ENOENT));
        assert_eq!(resolve("file:tests-no-such/ca.pem"), Err(libc::ENOENT));
        assert_eq!(resolve(&format!("{ca}.missing")), Err(libc::ENOENT));
    }
}
