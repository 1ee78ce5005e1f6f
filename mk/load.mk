# Concurrency, load, soak and scanner suites (docs/RELIABILITY.md).
#
#   make test-concurrency  tests/concurrency/run.sh: one SSL_CTX, 16 threads,
#                          10,000 handshakes, vs the OpenSSL oracle; TSan; helgrind
#   make test-load         examples/epoll_server.c holding LOAD_CONNS (1000)
#                          concurrent TLS connections from tests/load/loadgen.c
#                          (real OpenSSL): zero failures, bounded RSS
#   make soak              the same for SOAK_SECONDS (600), RSS must stay flat
#   make scan              testssl.sh, sslscan and sslyze against examples/server
#   make scan-tools        install them (apt-get; pip into build/scan-venv)

TEST_TARGETS += test-concurrency

.PHONY: test-concurrency

test-concurrency: build
	@command -v valgrind >/dev/null 2>&1 || \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y valgrind; }
	tests/concurrency/run.sh

# Load and soak: examples/epoll_server (our library) vs tests/load/loadgen
# (system OpenSSL).
LOAD_CONNS   ?= 1000
LOAD_ROUNDS  ?= 5
SOAK_SECONDS ?= 600

TEST_TARGETS += test-load

.PHONY: test-load soak load-bins

$(BUILD)/load/loadgen: tests/load/loadgen.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< -lssl -lcrypto

load-bins: $(BUILD)/examples/epoll_server $(BUILD)/load/loadgen

test-load: build load-bins
	LOAD_CONNS=$(LOAD_CONNS) LOAD_ROUNDS=$(LOAD_ROUNDS) tests/load/run.sh load

soak: build load-bins
	SOAK_SECONDS=$(SOAK_SECONDS) tests/load/run.sh soak

# Scanners against examples/epoll_server. sslscan takes ~10 s and runs in
# `make test`; testssl.sh takes minutes, so it is only in `make scan`.
TEST_TARGETS += test-scan-quick

.PHONY: scan scan-tools scan-tool-sslscan test-scan-quick

scan-tool-sslscan:
	@command -v sslscan >/dev/null 2>&1 || \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y sslscan; }

scan-tools: scan-tool-sslscan
	@command -v testssl >/dev/null 2>&1 || \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y testssl.sh; }
	@[ -x $(BUILD)/scan-venv/bin/sslyze ] || \
	  { python3 -m venv $(BUILD)/scan-venv && $(BUILD)/scan-venv/bin/pip install -q sslyze; }

scan: build scan-tools $(BUILD)/examples/epoll_server
	tests/scan/run.sh sslscan testssl sslyze

test-scan-quick: build scan-tool-sslscan $(BUILD)/examples/epoll_server
	tests/scan/run.sh sslscan
