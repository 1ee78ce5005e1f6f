# The drop-in flavour: target/dropin/libssl.so.3, which unchanged OpenSSL 3
# programs load instead of libssl (docs/DROPIN.md):
#   LD_PRELOAD=$PWD/target/dropin/libssl.so.3 prog
#   LD_LIBRARY_PATH=$PWD/target/dropin prog
#
#   make dropin               build it (cargo feature `dropin`, own target dir)
#   make test-dropin          every drop-in test: each tests/dropin/NAME.sh
#                             (but lib.sh, their shared start) is one,
#                             discovered here, run as `NAME.sh LIB`; a new
#                             test is registered by adding its file
#   make test-dropin-NAME     one of them (e.g. test-dropin-nginx)
#   make dropin-symbols       regenerate tools/libssl3.symbols from the system libssl

TEST_TARGETS += test-dropin

DROPIN_DIR := target/dropin
DROPIN_LIB := $(DROPIN_DIR)/libssl.so.3

# The tests: programs the suites run unchanged (mk/programs.mk installs
# them) against real OpenSSL peers, and C programs built by the scripts.
DROPIN_TESTS := $(sort $(basename $(notdir $(filter-out tests/dropin/lib.sh, \
  $(wildcard tests/dropin/*.sh)))))

.PHONY: dropin dropin-symbols test-dropin $(DROPIN_TESTS:%=test-dropin-%)

# `cargo rustc` so only the cdylib links through tools/dropin-cc (see
# there), with the system's GNU ld rather than rustc's bundled lld.
# tools/cargo-pgo builds its instrumented drop-in with this same target
# (make dropin CARGO=cargo DROPIN_DIR=target/pgo/gen).
dropin:
	$(CARGO) rustc --release --lib --crate-type cdylib --features dropin \
	  --target-dir $(DROPIN_DIR) -- -C linker=$(CURDIR)/tools/dropin-cc \
	  -C linker-features=-lld
	cp -f $(DROPIN_DIR)/release/libsslshim.so $(DROPIN_LIB)

dropin-symbols:
	tools/libssl3-symbols.sh

# Each test runs even when an earlier one failed; the target fails if any did,
# or if any program's log (SSLSHIM_LOG) shows a call refused inside one of
# its callbacks.
test-dropin: dropin programs
	@failed=""; for t in $(DROPIN_TESTS); do \
	  echo "== tests/dropin/$$t.sh"; \
	  bash tests/dropin/$$t.sh $(DROPIN_LIB) || failed="$$failed $$t"; \
	done; \
	refused=$$(grep -rl --include='*.err' --include='*.log' --include='*.out' \
	  "called from a callback inside a call on the same SSL" build/dropin 2>/dev/null); \
	if [ -n "$$refused" ]; then \
	  echo "FAIL  a call OpenSSL allows was refused inside a callback (issue 19):" $$refused; \
	  failed="$$failed refused-in-callback"; \
	else echo "PASS  no call refused inside a callback (logs under build/dropin)"; fi; \
	if [ -n "$$failed" ]; then echo "test-dropin: FAILED:$$failed"; exit 1; fi

$(DROPIN_TESTS:%=test-dropin-%): test-dropin-%: dropin programs
	bash tests/dropin/$*.sh $(DROPIN_LIB)
