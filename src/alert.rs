//! Alert names for `SSL_alert_desc_string(_long)` and
//! `SSL_alert_type_string(_long)`, as OpenSSL 3.0 spells them.

#![forbid(unsafe_code)]

use std::ffi::CStr;

/// (code, short, long)
static ALERTS: &[(u8, &CStr, &CStr)] = &[
    (0, c"CN", c"close notify"),
    (10, c"UM", c"unexpected_message"),
    (20, c"BM", c"bad record mac"),
    (21, c"DC", c"decryption failed"),
    (22, c"RO", c"record overflow"),
    (30, c"DF", c"decompression failure"),
    (40, c"HF", c"handshake failure"),
    (41, c"NC", c"no certificate"),
    (42, c"BC", c"bad certificate"),
    (43, c"UC", c"unsupported certificate"),
    (44, c"CR", c"certificate revoked"),
    (45, c"CE", c"certificate expired"),
    (46, c"CU", c"certificate unknown"),
    (47, c"IP", c"illegal parameter"),
    (48, c"CA", c"unknown CA"),
    (49, c"AD", c"access denied"),
    (50, c"DE", c"decode error"),
    (51, c"CY", c"decrypt error"),
    (60, c"ER", c"export restriction"),
    (70, c"PV", c"protocol version"),
    (71, c"IS", c"insufficient security"),
    (80, c"IE", c"internal error"),
    (90, c"US", c"user canceled"),
    (100, c"NR", c"no renegotiation"),
    (110, c"UE", c"unsupported extension"),
    (111, c"CO", c"certificate unobtainable"),
    (112, c"UN", c"unrecognized name"),
    (113, c"BR", c"bad certificate status response"),
    (114, c"BH", c"bad certificate hash value"),
    (115, c"UP", c"unknown PSK identity"),
    // OpenSSL 3.0 has a long name but no short code for this one.
    (120, c"UK", c"no application protocol"),
];

fn find(value: i32) -> Option<&'static (u8, &'static CStr, &'static CStr)> {
    let code = (value & 0xff) as u8;
    ALERTS.iter().find(|a| a.0 == code)
}

pub fn desc_string(value: i32) -> &'static CStr {
    find(value).map_or(c"UK", |a| a.1)
}

pub fn desc_string_long(value: i32) -> &'static CStr {
    find(value).map_or(c"unknown", |a| a.2)
}

/// The level is the high byte of the value OpenSSL's info callback passes.
pub fn type_string(value: i32) -> &'static CStr {
    match value >> 8 {
        1 => c"W",
        2 => c"F",
        _ => c"U",
    }
}

pub fn type_string_long(value: i32) -> &'static CStr {
    match value >> 8 {
        1 => c"warning",
        2 => c"fatal",
        _ => c"unknown",
    }
}
