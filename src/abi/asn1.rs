//! ASN.1 string types (`V_ASN1_*`), the string and name printing flags
//! (`ASN1_STRFLGS_*`, `XN_FLAG_*`) and the GENERAL_NAME kinds (`GEN_*`).
//!
//! Values equal OpenSSL 3.0's; `make test` checks them against the system headers.

use std::os::raw::{c_int, c_ulong};

pub const V_ASN1_OCTET_STRING: c_int = 4;
pub const V_ASN1_OBJECT: c_int = 6;
pub const V_ASN1_SEQUENCE: c_int = 16;
pub const V_ASN1_UTF8STRING: c_int = 12;
pub const V_ASN1_NUMERICSTRING: c_int = 18;
pub const V_ASN1_PRINTABLESTRING: c_int = 19;
pub const V_ASN1_T61STRING: c_int = 20;
pub const V_ASN1_TELETEXSTRING: c_int = 20;
pub const V_ASN1_IA5STRING: c_int = 22;
pub const V_ASN1_UTCTIME: c_int = 23;
pub const V_ASN1_GENERALIZEDTIME: c_int = 24;
pub const V_ASN1_VISIBLESTRING: c_int = 26;
pub const V_ASN1_GENERALSTRING: c_int = 27;
pub const V_ASN1_UNIVERSALSTRING: c_int = 28;
pub const V_ASN1_BMPSTRING: c_int = 30;

pub const ASN1_STRFLGS_ESC_2253: c_ulong = 1;
pub const ASN1_STRFLGS_ESC_CTRL: c_ulong = 2;
pub const ASN1_STRFLGS_ESC_MSB: c_ulong = 4;
pub const ASN1_STRFLGS_ESC_QUOTE: c_ulong = 8;
pub const ASN1_STRFLGS_UTF8_CONVERT: c_ulong = 0x10;
pub const ASN1_STRFLGS_IGNORE_TYPE: c_ulong = 0x20;
pub const ASN1_STRFLGS_SHOW_TYPE: c_ulong = 0x40;
pub const ASN1_STRFLGS_DUMP_ALL: c_ulong = 0x80;
pub const ASN1_STRFLGS_DUMP_UNKNOWN: c_ulong = 0x100;
pub const ASN1_STRFLGS_DUMP_DER: c_ulong = 0x200;
pub const ASN1_STRFLGS_ESC_2254: c_ulong = 0x400;
pub const ASN1_STRFLGS_RFC2253: c_ulong = ASN1_STRFLGS_ESC_2253
    | ASN1_STRFLGS_ESC_CTRL
    | ASN1_STRFLGS_ESC_MSB
    | ASN1_STRFLGS_UTF8_CONVERT
    | ASN1_STRFLGS_DUMP_UNKNOWN
    | ASN1_STRFLGS_DUMP_DER;

pub const XN_FLAG_SEP_MASK: c_ulong = 0xf << 16;
pub const XN_FLAG_COMPAT: c_ulong = 0;
pub const XN_FLAG_SEP_COMMA_PLUS: c_ulong = 1 << 16;
pub const XN_FLAG_SEP_CPLUS_SPC: c_ulong = 2 << 16;
pub const XN_FLAG_SEP_SPLUS_SPC: c_ulong = 3 << 16;
pub const XN_FLAG_SEP_MULTILINE: c_ulong = 4 << 16;
pub const XN_FLAG_DN_REV: c_ulong = 1 << 20;
pub const XN_FLAG_FN_MASK: c_ulong = 0x3 << 21;
pub const XN_FLAG_FN_SN: c_ulong = 0;
pub const XN_FLAG_FN_LN: c_ulong = 1 << 21;
pub const XN_FLAG_FN_OID: c_ulong = 2 << 21;
pub const XN_FLAG_FN_NONE: c_ulong = 3 << 21;
pub const XN_FLAG_SPC_EQ: c_ulong = 1 << 23;
pub const XN_FLAG_DUMP_UNKNOWN_FIELDS: c_ulong = 1 << 24;
pub const XN_FLAG_FN_ALIGN: c_ulong = 1 << 25;
pub const XN_FLAG_RFC2253: c_ulong = ASN1_STRFLGS_RFC2253
    | XN_FLAG_SEP_COMMA_PLUS
    | XN_FLAG_DN_REV
    | XN_FLAG_FN_SN
    | XN_FLAG_DUMP_UNKNOWN_FIELDS;
pub const XN_FLAG_ONELINE: c_ulong = ASN1_STRFLGS_RFC2253
    | ASN1_STRFLGS_ESC_QUOTE
    | XN_FLAG_SEP_CPLUS_SPC
    | XN_FLAG_SPC_EQ
    | XN_FLAG_FN_SN;
pub const XN_FLAG_MULTILINE: c_ulong = ASN1_STRFLGS_ESC_CTRL
    | ASN1_STRFLGS_ESC_MSB
    | XN_FLAG_SEP_MULTILINE
    | XN_FLAG_SPC_EQ
    | XN_FLAG_FN_LN
    | XN_FLAG_FN_ALIGN;

pub const GEN_OTHERNAME: c_int = 0;
pub const GEN_EMAIL: c_int = 1;
pub const GEN_DNS: c_int = 2;
pub const GEN_X400: c_int = 3;
pub const GEN_DIRNAME: c_int = 4;
pub const GEN_EDIPARTY: c_int = 5;
pub const GEN_URI: c_int = 6;
pub const GEN_IPADD: c_int = 7;
pub const GEN_RID: c_int = 8;

/// `ASN1_INTEGER` and `ASN1_BIT_STRING` types; a negative INTEGER's type
/// has `V_ASN1_NEG` added.
pub const V_ASN1_INTEGER: c_int = 2;
pub const V_ASN1_BIT_STRING: c_int = 3;
pub const V_ASN1_NEG: c_int = 0x100;
pub const V_ASN1_NEG_INTEGER: c_int = 2 | V_ASN1_NEG;
pub const V_ASN1_NEG_ENUMERATED: c_int = 10 | V_ASN1_NEG;
/// A BIT STRING's `flags`: the unused-bits count is in the low 3 bits.
pub const ASN1_STRING_FLAG_BITS_LEFT: std::os::raw::c_long = 0x08;

/// `X509V3_EXT_print`'s choice for extensions it cannot print.
pub const X509V3_EXT_UNKNOWN_MASK: c_ulong = 0xf << 16;
pub const X509V3_EXT_DEFAULT: c_ulong = 0;
pub const X509V3_EXT_ERROR_UNKNOWN: c_ulong = 1 << 16;
pub const X509V3_EXT_PARSE_UNKNOWN: c_ulong = 2 << 16;
pub const X509V3_EXT_DUMP_UNKNOWN: c_ulong = 3 << 16;

/// `ASN1_TYPE` kinds beyond the string types (`X509_ALGOR_get0`'s
/// `*pptype`: V_ASN1_UNDEF without a parameter).
pub const V_ASN1_UNDEF: c_int = -1;
pub const V_ASN1_BOOLEAN: c_int = 1;
pub const V_ASN1_NULL: c_int = 5;
pub const V_ASN1_ENUMERATED: c_int = 10;
pub const V_ASN1_SET: c_int = 17;
pub const V_ASN1_OTHER: c_int = -3;
