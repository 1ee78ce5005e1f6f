use super::*;
use crate::abi::*;
use std::process::Command;

#[test]
fn packing_matches_openssl() {
    assert_eq!(
        pack(ERR_LIB_SSL, SSL_R_CERTIFICATE_VERIFY_FAILED),
        0x0A00_0086
    );
    assert_eq!(pack(ERR_LIB_SYS, 104), 0x8000_0068);
    assert_eq!(pack(ERR_LIB_SSL, ERR_R_INTERNAL_ERROR), 0x0A0C_0103);
    assert_eq!(pack(ERR_LIB_USER, 3), 0x4000_0003);
    // Out-of-range parts are masked, not spilled into neighbouring fields.
    assert_eq!(pack(0x1FF, 0x0FFF_FFFF), 0x7FFF_FFFF);

    assert_eq!(lib_of(0x0A00_0086), ERR_LIB_SSL);
    assert_eq!(reason_of(0x0A00_0086), SSL_R_CERTIFICATE_VERIFY_FAILED);
    assert_eq!(lib_of(0x8000_0068), ERR_LIB_SYS);
    assert_eq!(reason_of(0x8000_0068), 104);
    assert_eq!(reason_of(0xFFFF_FFFF), c_int::MAX);
    assert!(is_system(0x8000_0000));
    assert!(!is_system(0x7FFF_FFFF));
    assert_eq!(lib_of(0x7FFF_FFFF), 255);
    assert_eq!(reason_of(0x7FFF_FFFF), ERR_REASON_MASK);
}

#[test]
fn queue_order_and_overflow() {
    clear();
    assert_eq!(get_error(), 0);
    for r in 1..=20 {
        raise(ERR_LIB_SSL, r, "f", "file.rs", r as u32);
    }
    // OpenSSL's 16-slot ring holds 15 errors; the oldest are dropped.
    assert_eq!(peek_error(), pack(ERR_LIB_SSL, 6));
    assert_eq!(peek_last_error(), pack(ERR_LIB_SSL, 20));
    let got: Vec<_> = std::iter::from_fn(|| Some(get_error()).filter(|&e| e != 0)).collect();
    let want: Vec<_> = (6..=20).map(|r| pack(ERR_LIB_SSL, r)).collect();
    assert_eq!(got, want);
    assert_eq!(peek_last_error(), 0);
}

#[test]
fn records_carry_location_and_data() {
    clear();
    raise(ERR_LIB_SSL, 5, "SSL_read", "src/ssl.rs", 42);
    raise_data(ERR_LIB_SSL, 6, "SSL_write", "src/w.rs", 7, "detail".into());
    raise_sys_data(2, "fopen", "src/f.rs", 9, "calling fopen(x, r)".into());
    assert_eq!(last_error_data().as_deref(), Some("calling fopen(x, r)"));
    let r = record(Pick::Pop).unwrap();
    assert_eq!(
        (r.code, r.file, r.line, r.func, r.flags, r.text),
        (0x0A00_0005, c"src/ssl.rs", 42, c"SSL_read", 0, None)
    );
    let r = record(Pick::PeekFirst).unwrap();
    assert_eq!(
        (r.code, r.flags, r.text.as_deref()),
        (0x0A00_0006, 3, Some("detail"))
    );
    clear();
    assert!(record(Pick::PeekLast).is_none());
}

#[test]
fn queues_are_per_thread() {
    clear();
    raise(ERR_LIB_SSL, 1, "f", "f.rs", 1);
    let other = std::thread::spawn(|| {
        let before = peek_error();
        raise(ERR_LIB_SSL, 2, "f", "f.rs", 1);
        (before, get_error(), get_error())
    })
    .join()
    .unwrap();
    assert_eq!(other, (0, pack(ERR_LIB_SSL, 2), 0));
    assert_eq!(get_error(), pack(ERR_LIB_SSL, 1));
    assert_eq!(get_error(), 0);
}

#[test]
fn marks() {
    clear();
    assert!(!set_mark(), "nothing to mark in an empty queue");
    raise(ERR_LIB_SSL, 1, "f", "f.rs", 1);
    assert!(set_mark());
    raise(ERR_LIB_SSL, 2, "f", "f.rs", 1);
    raise(ERR_LIB_SSL, 3, "f", "f.rs", 1);
    assert!(pop_to_mark());
    assert_eq!(peek_last_error(), pack(ERR_LIB_SSL, 1));
    assert!(set_mark());
    raise(ERR_LIB_SSL, 4, "f", "f.rs", 1);
    assert!(clear_last_mark());
    assert!(!pop_to_mark(), "no mark left: everything goes");
    assert_eq!(get_error(), 0);
}

#[test]
fn strings_without_the_oracle() {
    assert_eq!(
        error_string(0x0A00_0086),
        "error:0A000086:SSL routines::certificate verify failed"
    );
    assert_eq!(error_string(0), "error:00000000:lib(0)::reason(0)");
    assert_eq!(
        error_string(0x8000_FFFF),
        "error:8000FFFF:system library::reason(65535)"
    );
    assert_eq!(
        error_string(0x1_FFFF_FFFF),
        "error:1FFFFFFFF:system library::reason(2147483647)"
    );
    assert_eq!(reason_string(0x0A00_0000), Some(c"SSL routines"));
    assert_eq!(reason_string(0x8000_0002), None);
    assert_eq!(lib_string(0x8000_0002), Some(c"system library"));
    assert_eq!(lib_string(0), None);
    // Common reasons reach every library.
    assert_eq!(
        reason_string(pack(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE)),
        Some(c"malloc failure")
    );
}

#[test]
fn truncation_like_error_string_n() {
    let at = |n| String::from_utf8(error_string_n(0x0A00_0086, "", n)).unwrap();
    // Observed from OpenSSL 3.0 with "certificate verify failed" loaded.
    let full = "error:0A000086:SSL routines::certificate verify failed";
    assert_eq!(at(0), "");
    assert_eq!(at(1), "");
    assert_eq!(at(5), "err:");
    assert_eq!(at(10), "err:a0000");
    assert_eq!(at(40), "err:a000086:14:0:86");
    assert_eq!(
        at(full.len() + 1),
        "err:a000086:14:0:86",
        "exact fit counts as truncated"
    );
    assert_eq!(at(full.len() + 2), full);
}

#[test]
fn print_format() {
    clear();
    raise_data(ERR_LIB_SSL, 390, "main", "dump.c", 22, "hello 5".into());
    raise_sys(2, "main", "dump.c", 23);
    let mut lines = Vec::new();
    print_errors("807BD033567F0000", |l| {
        lines.push(String::from_utf8(l.to_vec()).unwrap());
        true
    });
    assert_eq!(
        lines,
        [
            "807BD033567F0000:error:0A000186:SSL routines:main:bad data:dump.c:22:hello 5\n",
            "807BD033567F0000:error:80000002:system library:main:No such file or directory:dump.c:23:\n",
        ]
    );
    assert_eq!(get_error(), 0);

    raise(ERR_LIB_SSL, 1, "a", "a", 1);
    raise(ERR_LIB_SSL, 2, "a", "a", 1);
    let mut n = 0;
    print_errors("00", |_| {
        n += 1;
        false
    });
    assert_eq!(n, 1, "a refusing sink stops the report");
    assert_eq!(get_error(), pack(ERR_LIB_SSL, 2));
}

/// Every SSL_R_* reason and a spread of system, common, unknown and
/// other-library codes, rendered by `openssl errstr` and by us.
#[test]
fn strings_match_openssl_errstr() {
    let mut codes: Vec<c_ulong> = (0..=400).map(|r| pack(ERR_LIB_SSL, r)).collect();
    codes.extend((0..=140).map(|e| pack(ERR_LIB_SYS, e)));
    codes.extend([
        0,
        0x0A0F_FFFF,
        0x7F00_0001,
        0x0C00_0041,
        0x800000FF,
        0x0A08_0002,
        0x1008_0002,
        0x0A0C_0100,
        0x0A0C_0103,
        0x0580_0003,
        0x1000_0080,
        0x0480_0000,
        0x0680_0065,
        0x1100_0080,
        0x4000_0003,
        0x0080_0000,
        0x0A09_0000,
    ]);
    let args: Vec<String> = codes.iter().map(|c| format!("{c:X}")).collect();
    let Ok(out) = Command::new("openssl").arg("errstr").args(&args).output() else {
        eprintln!("openssl CLI not found; skipping");
        return;
    };
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), codes.len());
    for (code, want) in codes.iter().zip(lines) {
        assert_eq!(error_string(*code), want, "code {code:08X}");
    }
}
