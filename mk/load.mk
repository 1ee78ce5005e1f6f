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
