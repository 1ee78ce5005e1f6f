# Fuzzing with cargo fuzz (libFuzzer) — fuzz/, its own Cargo package.
#
#   make fuzz-smoke    each target for FUZZ_SMOKE_SECONDS (60 s); in `make test`
#   make fuzz          each target for FUZZ_SECONDS (600 s), one at a time
#   make fuzz-corpus   regenerate the committed seeds in fuzz/corpus/ from real
#                      handshakes (system OpenSSL and sslshim) — then commit
#   make fuzz-tools    install cargo-fuzz if missing
#
# Targets (fuzz/fuzz_targets/): server, client, api_sequence. Reproduce a
# crash: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -O TARGET artifacts/TARGET/crash-...

FUZZ_TARGETS       ?= server client api_sequence
FUZZ_SECONDS       ?= 600
FUZZ_SMOKE_SECONDS ?= 60

TEST_TARGETS += fuzz-smoke

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-tools fuzz-corpus

fuzz-tools:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked

fuzz-build: fuzz-tools
	cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz build -O

fuzz-smoke: fuzz-build
	fuzz/run.sh $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-corpus: build
	@mkdir -p $(BUILD)/fuzz fuzz/corpus/server fuzz/corpus/client fuzz/corpus/api_sequence
	$(CC) $(CFLAGS) -o $(BUILD)/fuzz/gen_corpus-openssl fuzz/gen_corpus.c -lssl -lcrypto
	$(CC) $(CFLAGS) -Iinclude -o $(BUILD)/fuzz/gen_corpus-sslshim fuzz/gen_corpus.c \
	  -L$(LIBDIR) -lsslshim -Wl,-rpath,$(LIBDIR)
	$(BUILD)/fuzz/gen_corpus-openssl tests/certs fuzz/corpus openssl
	$(BUILD)/fuzz/gen_corpus-sslshim tests/certs fuzz/corpus sslshim
	python3 fuzz/gen_api_seeds.py fuzz/corpus/api_sequence
