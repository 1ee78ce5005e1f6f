# sslshim - OpenSSL 3 libssl API/ABI on rustls.
#
#   make            build both flavours and the tools: target/release/libsslshim.so
#                   (cargo build --release), target/dropin/libssl.so.3 (make dropin),
#                   sslshim-check and sslshim-run (make cli)
#   make demo       run examples/server, examples/client and openssl s_client
#   make test       cargo tests (both flavours) + differential C harness + interop + $(TEST_TARGETS)
#   make deb        the Debian package in build/deb (mk/deb.mk)
#   make clean
#
# mk/*.mk fragments may add targets to TEST_TARGETS (e.g. mk/abi.mk: abi-test).

# tools/cargo-pgo: cargo with profile-guided optimisation of release builds
# (make PGO=0: plain cargo, for quick edit-build cycles).
CARGO   ?= $(CURDIR)/tools/cargo-pgo
PGO     ?= 1
export PGO
CC      ?= gcc
CFLAGS  ?= -Wall -O1 -g -Wno-deprecated-declarations
LIBDIR  := $(CURDIR)/target/release
LIB     := $(LIBDIR)/libsslshim.so
BUILD   := build

TEST_TARGETS :=
.DEFAULT_GOAL := all
-include mk/*.mk

# Examples: against our headers + -lsslshim when include/ exists; otherwise
# against the system headers (and run with LD_PRELOAD of our library).
ifneq ($(wildcard include/openssl/ssl.h),)
EX_CFLAGS := -Iinclude
EX_LIBS   := -L$(LIBDIR) -lsslshim -Wl,-rpath,$(LIBDIR)
EX_RUN    :=
else
EX_CFLAGS :=
EX_LIBS   := -lssl -lcrypto
EX_RUN    := env LD_PRELOAD=$(LIB)
endif

.PHONY: all build examples demo test test-cargo clean

all: build dropin cli

build:
	$(CARGO) build --release

$(BUILD)/examples/%: examples/%.c build
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(EX_CFLAGS) -o $@ $< $(EX_LIBS)

examples: $(BUILD)/examples/server $(BUILD)/examples/client

demo: examples
	@examples/demo.sh $(BUILD)/examples/server $(BUILD)/examples/client $(EX_RUN)

# Both flavours' Rust tests, in one target directory: the dependencies
# the flavours share (aws-lc-sys's C build above all) are compiled once.
test-cargo:
	$(CARGO) test --profile reltest --features count-allocations
	$(CARGO) test --profile reltest --features dropin,count-allocations

# One suite after another, each timed (tools/run-suites prints the table):
# the 60-minute limit is kept by knowing which suite grew.
test:
	@tools/run-suites $(MAKE) test-cargo $(TEST_TARGETS)

clean:
	rm -rf $(BUILD)
	$(CARGO) clean
