//! X509_V_* verification results.
//!
//! Values equal OpenSSL 3.0's; `make test` checks them against the system headers.

use std::os::raw::{c_int, c_long, c_uint, c_ulong};

pub const X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH: c_int = 31;
pub const X509_V_ERR_AKID_SKID_MISMATCH: c_int = 30;
pub const X509_V_ERR_APPLICATION_VERIFICATION: c_int = 50;
pub const X509_V_ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL: c_int = 90;
pub const X509_V_ERR_CA_BCONS_NOT_CRITICAL: c_int = 89;
pub const X509_V_ERR_CA_CERT_MISSING_KEY_USAGE: c_int = 92;
pub const X509_V_ERR_CA_KEY_TOO_SMALL: c_int = 67;
pub const X509_V_ERR_CA_MD_TOO_WEAK: c_int = 68;
pub const X509_V_ERR_CERT_CHAIN_TOO_LONG: c_int = 22;
pub const X509_V_ERR_CERT_HAS_EXPIRED: c_int = 10;
pub const X509_V_ERR_CERT_NOT_YET_VALID: c_int = 9;
pub const X509_V_ERR_CERT_REJECTED: c_int = 28;
pub const X509_V_ERR_CERT_REVOKED: c_int = 23;
pub const X509_V_ERR_CERT_SIGNATURE_FAILURE: c_int = 7;
pub const X509_V_ERR_CERT_UNTRUSTED: c_int = 27;
pub const X509_V_ERR_CRL_HAS_EXPIRED: c_int = 12;
pub const X509_V_ERR_CRL_NOT_YET_VALID: c_int = 11;
pub const X509_V_ERR_CRL_PATH_VALIDATION_ERROR: c_int = 54;
pub const X509_V_ERR_CRL_SIGNATURE_FAILURE: c_int = 8;
pub const X509_V_ERR_DANE_NO_MATCH: c_int = 65;
pub const X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: c_int = 18;
pub const X509_V_ERR_DIFFERENT_CRL_SCOPE: c_int = 44;
pub const X509_V_ERR_EC_KEY_EXPLICIT_PARAMS: c_int = 94;
pub const X509_V_ERR_EE_KEY_TOO_SMALL: c_int = 66;
pub const X509_V_ERR_EMAIL_MISMATCH: c_int = 63;
pub const X509_V_ERR_EMPTY_SUBJECT_ALT_NAME: c_int = 87;
pub const X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL: c_int = 88;
pub const X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD: c_int = 14;
pub const X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD: c_int = 13;
pub const X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD: c_int = 15;
pub const X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD: c_int = 16;
pub const X509_V_ERR_EXCLUDED_VIOLATION: c_int = 48;
pub const X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3: c_int = 93;
pub const X509_V_ERR_HOSTNAME_MISMATCH: c_int = 62;
pub const X509_V_ERR_INVALID_CA: c_int = 79;
pub const X509_V_ERR_INVALID_CALL: c_int = 69;
pub const X509_V_ERR_INVALID_EXTENSION: c_int = 41;
pub const X509_V_ERR_INVALID_NON_CA: c_int = 37;
pub const X509_V_ERR_INVALID_POLICY_EXTENSION: c_int = 42;
pub const X509_V_ERR_INVALID_PURPOSE: c_int = 26;
pub const X509_V_ERR_IP_ADDRESS_MISMATCH: c_int = 64;
pub const X509_V_ERR_ISSUER_NAME_EMPTY: c_int = 83;
pub const X509_V_ERR_KEYUSAGE_NO_CERTSIGN: c_int = 32;
pub const X509_V_ERR_KEYUSAGE_NO_CRL_SIGN: c_int = 35;
pub const X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE: c_int = 39;
pub const X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA: c_int = 82;
pub const X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER: c_int = 85;
pub const X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER: c_int = 86;
pub const X509_V_ERR_NO_EXPLICIT_POLICY: c_int = 43;
pub const X509_V_ERR_NO_ISSUER_PUBLIC_KEY: c_int = 24;
pub const X509_V_ERR_NO_VALID_SCTS: c_int = 71;
pub const X509_V_ERR_OCSP_CERT_UNKNOWN: c_int = 75;
pub const X509_V_ERR_OCSP_VERIFY_FAILED: c_int = 74;
pub const X509_V_ERR_OCSP_VERIFY_NEEDED: c_int = 73;
pub const X509_V_ERR_OUT_OF_MEM: c_int = 17;
pub const X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA: c_int = 80;
pub const X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN: c_int = 81;
pub const X509_V_ERR_PATH_LENGTH_EXCEEDED: c_int = 25;
pub const X509_V_ERR_PATH_LOOP: c_int = 55;
pub const X509_V_ERR_PERMITTED_VIOLATION: c_int = 47;
pub const X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED: c_int = 40;
pub const X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED: c_int = 38;
pub const X509_V_ERR_PROXY_SUBJECT_NAME_VIOLATION: c_int = 72;
pub const X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: c_int = 19;
pub const X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY: c_int = 78;
pub const X509_V_ERR_SIGNATURE_ALGORITHM_MISMATCH: c_int = 77;
pub const X509_V_ERR_STORE_LOOKUP: c_int = 70;
pub const X509_V_ERR_SUBJECT_ISSUER_MISMATCH: c_int = 29;
pub const X509_V_ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL: c_int = 91;
pub const X509_V_ERR_SUBJECT_NAME_EMPTY: c_int = 84;
pub const X509_V_ERR_SUBTREE_MINMAX: c_int = 49;
pub const X509_V_ERR_SUITE_B_CANNOT_SIGN_P_384_WITH_P_256: c_int = 61;
pub const X509_V_ERR_SUITE_B_INVALID_ALGORITHM: c_int = 57;
pub const X509_V_ERR_SUITE_B_INVALID_CURVE: c_int = 58;
pub const X509_V_ERR_SUITE_B_INVALID_SIGNATURE_ALGORITHM: c_int = 59;
pub const X509_V_ERR_SUITE_B_INVALID_VERSION: c_int = 56;
pub const X509_V_ERR_SUITE_B_LOS_NOT_ALLOWED: c_int = 60;
pub const X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: c_int = 6;
pub const X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE: c_int = 4;
pub const X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE: c_int = 5;
pub const X509_V_ERR_UNABLE_TO_GET_CRL: c_int = 3;
pub const X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER: c_int = 33;
pub const X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT: c_int = 2;
pub const X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY: c_int = 20;
pub const X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: c_int = 21;
pub const X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION: c_int = 36;
pub const X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION: c_int = 34;
pub const X509_V_ERR_UNNESTED_RESOURCE: c_int = 46;
pub const X509_V_ERR_UNSPECIFIED: c_int = 1;
pub const X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX: c_int = 52;
pub const X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE: c_int = 51;
pub const X509_V_ERR_UNSUPPORTED_EXTENSION_FEATURE: c_int = 45;
pub const X509_V_ERR_UNSUPPORTED_NAME_SYNTAX: c_int = 53;
pub const X509_V_ERR_UNSUPPORTED_SIGNATURE_ALGORITHM: c_int = 76;
pub const X509_V_OK: c_int = 0;

/// x509err.h reasons the SSL layer reports (key/certificate mismatch).
pub const X509_R_KEY_VALUES_MISMATCH: c_int = 116;
pub const X509_R_INVALID_TRUST: c_int = 123;
/// `X509_STORE_load_path` with an empty directory name.
pub const X509_R_INVALID_DIRECTORY: c_int = 113;
/// `X509_load_cert_crl_file` found nothing in the file.
pub const X509_R_NO_CERTIFICATE_OR_CRL_FOUND: c_int = 136;
pub const X509V3_R_INVALID_PURPOSE: c_int = 146;
// X509_VERIFY_PARAM purposes and trust settings (the range OpenSSL 3.0 knows).
pub const X509_PURPOSE_MIN: c_int = 1;
pub const X509_PURPOSE_MAX: c_int = 9;
pub const X509_TRUST_MIN: c_int = 1;
pub const X509_TRUST_MAX: c_int = 8;
pub const DANE_FLAG_NO_DANE_EE_NAMECHECKS: c_long = 1;

// X509_VERIFY_PARAM flags (x509_vfy.h); the core applies PARTIAL_CHAIN and
// CRL_CHECK/CRL_CHECK_ALL, and always builds chains as with TRUSTED_FIRST.
pub const X509_V_FLAG_CRL_CHECK: c_ulong = 0x4;
pub const X509_V_FLAG_CRL_CHECK_ALL: c_ulong = 0x8;
pub const X509_V_FLAG_X509_STRICT: c_ulong = 0x20;
pub const X509_V_FLAG_POLICY_CHECK: c_ulong = 0x80;
pub const X509_V_FLAG_EXPLICIT_POLICY: c_ulong = 0x100;
pub const X509_V_FLAG_INHIBIT_ANY: c_ulong = 0x200;
pub const X509_V_FLAG_INHIBIT_MAP: c_ulong = 0x400;
pub const X509_V_FLAG_TRUSTED_FIRST: c_ulong = 0x8000;
pub const X509_V_FLAG_PARTIAL_CHAIN: c_ulong = 0x80000;

// X509_check_host / SSL_set_hostflags flags (x509v3.h), all but
// SINGLE_LABEL_SUBDOMAINS applied by verify/host.rs.
pub const X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT: c_uint = 0x1;
pub const X509_CHECK_FLAG_NO_WILDCARDS: c_uint = 0x2;
pub const X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS: c_uint = 0x4;
pub const X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS: c_uint = 0x8;
pub const X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS: c_uint = 0x10;
pub const X509_CHECK_FLAG_NEVER_CHECK_SUBJECT: c_uint = 0x20;
