# ABI test: our include/openssl/ against the system's OpenSSL 3 headers
# (constants, ctrl-macro expansions, C99/C11/C++ syntax, prototypes).
# See tests/abi/abi_check.py for what is compared and how.
# Needs the generated header, so it builds the library first.

ABI_OUT ?= build/abi

.PHONY: abi-test
abi-test:
	$(CARGO) build --release
	python3 tests/abi/abi_check.py --out $(ABI_OUT)

TEST_TARGETS += abi-test
