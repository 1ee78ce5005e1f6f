# Test targets added to `make test` (see Makefile).
#
#   make test-c         differential C harness (tests/c/*.c incl. bio_semantics.c),
#                       modes: (b) system OpenSSL oracle, (a) include/ + -lsslshim,
#                       (c) oracle binary with LD_PRELOAD of our library
#   make test-c-oracle  only (b): checks the tests themselves on real OpenSSL
#   make test-bio       only tests/c/bio_semantics.c, all modes
#   make test-interop   examples vs openssl s_server/s_client, curl, python ssl
#   make test-interop-oracle   the same with the examples on the system OpenSSL
#   make test-sessions  session resumption with openssl s_client/s_server
#                       (tests/interop/sessions.sh)
#   make certs          regenerate tests/certs (then commit them)

TEST_TARGETS += test-c test-interop test-sessions

.PHONY: test-c test-c-oracle test-bio test-interop test-interop-oracle test-sessions certs

test-c: build
	tests/c/run-differential.sh

test-c-oracle:
	MODES=b tests/c/run-differential.sh

test-bio: build
	tests/c/run-differential.sh bio_semantics

test-interop: build
	tests/interop/run.sh

test-interop-oracle:
	IMPL=system tests/interop/run.sh

test-sessions: build
	tests/interop/sessions.sh

certs:
	tests/certs/make-certs.sh
