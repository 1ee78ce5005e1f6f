# The drop-in flavour: target/dropin/libssl.so.3, which unchanged OpenSSL 3
# programs load instead of libssl (docs/DROPIN.md):
#   LD_PRELOAD=$PWD/target/dropin/libssl.so.3 prog
#   LD_LIBRARY_PATH=$PWD/target/dropin prog
#
#   make dropin               build it (cargo feature `dropin`, own target dir)
#   make test-dropin-exports  its exports equal the system libssl's, versions included
#   make test-dropin          the above, plus curl, a PEM-object server, a
#                             verify-parameter client, the default verify
#                             locations (tests/c/verify_defaults.c), a
#                             client certificate callback on libcrypto
#                             objects (tests/dropin/client_cert_cb.c), the
#                             client CA lists (tests/c/client_ca.c) and
#                             python3's ssl on it against openssl s_server/s_client
#   make dropin-symbols       regenerate tools/libssl3.symbols from the system libssl

TEST_TARGETS += test-dropin

DROPIN_DIR := target/dropin
DROPIN_LIB := $(DROPIN_DIR)/libssl.so.3

.PHONY: dropin dropin-symbols test-dropin test-dropin-exports

# `cargo rustc` so only the cdylib links through tools/dropin-cc (see
# there), with the system's GNU ld rather than rustc's bundled lld.
dropin:
	$(CARGO) rustc --release --lib --crate-type cdylib --features dropin \
	  --target-dir $(DROPIN_DIR) -- -C linker=$(CURDIR)/tools/dropin-cc \
	  -C linker-features=-lld
	cp -f $(DROPIN_DIR)/release/libsslshim.so $(DROPIN_LIB)

dropin-symbols:
	tools/libssl3-symbols.sh

test-dropin-exports: dropin
	tests/dropin/exports.sh $(DROPIN_LIB)

test-dropin: test-dropin-exports
	tests/dropin/curl.sh $(DROPIN_LIB)
	tests/dropin/pem_server.sh $(DROPIN_LIB)
	tests/dropin/verify_param.sh $(DROPIN_LIB)
	tests/dropin/verify_defaults.sh $(DROPIN_LIB)
	tests/dropin/client_cert_cb.sh $(DROPIN_LIB)
	tests/dropin/client_ca.sh $(DROPIN_LIB)
	tests/dropin/absent.sh $(DROPIN_LIB)
	tests/dropin/cert_verify_cb.sh $(DROPIN_LIB)
	tests/dropin/python.sh $(DROPIN_LIB)
