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
