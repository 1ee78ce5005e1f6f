# Performance (docs/PERFORMANCE.md).
#
#   make bench           bench/bench.c on real libssl vs LD_PRELOAD of our
#                        standalone library vs our drop-in libssl.so.3
#                        (LD_LIBRARY_PATH) vs raw rustls, alternating rounds,
#                        medians and paired ratios against the targets
#                        (BENCH_ROUNDS=5)
#   make bench-docs      the same, and writes the table and chart into docs/
#   make test-callgrind  instruction counts of a full handshake, a resumed
#                        one, a 16 KiB record and its receiving half against
#                        bench/callgrind-budget.txt (in make test: >5% fails)
#   make callgrind-budget  re-measure and rewrite the budget (commit it)

BENCH_BIN := $(BUILD)/bench/bench
BENCH_ROUNDS ?= 5

TEST_TARGETS += test-callgrind
.PHONY: bench bench-docs bench-build test-callgrind callgrind-budget

$(BENCH_BIN): bench/bench.c
	@mkdir -p $(@D)
	$(CC) -O2 -g -Wall -Wno-deprecated-declarations -o $@ $< -lssl -lcrypto -lpthread

# Raw rustls as a program using it would be built: plain cargo (no profile
# of ours, which would also reach rustls's code), its own target directory
# so that the library's profile-guided build is not redone.
BASELINE_DIR := target/baseline

bench-build: build $(BENCH_BIN)
	PGO=0 $(CARGO) build --release --example rustls_baseline --target-dir $(BASELINE_DIR)

bench: bench-build dropin
	python3 bench/run.py --rounds $(BENCH_ROUNDS)

bench-docs: bench-build dropin
	python3 bench/run.py --rounds $(BENCH_ROUNDS) --docs

# Real libssl's counts are printed beside ours for scale; raw rustls's are
# not (bench/callgrind.sh --rustls after make bench-build): its separately
# built baseline would add a whole dependency build to make test.
test-callgrind: build $(BENCH_BIN) dropin
	bench/callgrind.sh --openssl

callgrind-budget: bench-build dropin
	bench/callgrind.sh --update
