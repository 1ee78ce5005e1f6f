# Tables made from the system OpenSSL 3.0: src/err/reasons.rs (ERR library
# and reason strings), src/x509/oids.rs (OID short names) and
# src/x509/verify_text.rs (X509_verify_cert_error_string). tools/tables/gen.c,
# compiled with $(CC) against the system headers and -lssl -lcrypto, dumps
# them with libcrypto's own functions; tools/tables/gen.py writes the Rust.
#   make tables         regenerate the three files in place (then commit them)
#   make tables-check   regenerate into build/tables/out/ and compare with the
#                       committed files ("tables-check: N passed, M failed")
# Any OpenSSL 3.0.x passes the check: the one entry 3.0.17-3.0.20 lack
# (REASONS 0x05800093) is allowed, and entries a later release adds are
# noted, not compared (see gen.py); a changed text fails.

TABLES_OUT ?= $(BUILD)/tables

.PHONY: tables tables-check

tables:
	CC="$(CC)" python3 tools/tables/gen.py --build $(TABLES_OUT)

tables-check:
	CC="$(CC)" python3 tools/tables/gen.py --build $(TABLES_OUT) --check

TEST_TARGETS += tables-check
