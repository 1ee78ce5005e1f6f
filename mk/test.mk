# Test targets added to `make test` (see Makefile).
#
#   make test-c         differential C harness (tests/c/*.c incl. bio_semantics.c),
#                       modes: (b) system OpenSSL oracle, (a) include/ + -lsslshim,
#                       (c) oracle binary with LD_PRELOAD of our library,
#                       (d) our headers with -lssl -lcrypto resolving to us,
#                       (e) oracle binary with the drop-in libssl.so.3 preloaded
#   make test-c-oracle  only (b): checks the tests themselves on real OpenSSL
#   make test-bio       only tests/c/bio_semantics.c, all modes
#   make test-interop   examples vs openssl s_server/s_client, curl, python ssl
#   make test-interop-tlsext  ALPN/SNI/OCSP peer vs s_client, s_server, curl
#   make test-interop-oracle   the same with the examples on the system OpenSSL
#   make test-sessions  session resumption with openssl s_client/s_server
#                       (tests/interop/sessions.sh)
#   make certs          regenerate tests/certs (then commit them)

TEST_TARGETS += test-c test-interop test-interop-tlsext

.PHONY: test-c test-c-oracle test-bio test-interop test-interop-oracle test-interop-tlsext certs
TEST_TARGETS += test-c test-interop test-sessions

.PHONY: test-c test-c-oracle test-bio test-interop test-interop-oracle test-sessions certs

test-c: build dropin
	tests/c/run-differential.sh

test-c-oracle:
	MODES=b tests/c/run-differential.sh

test-bio: build
	tests/c/run-differential.sh bio_semantics

test-interop: build
	tests/interop/run.sh

# ALPN, SNI virtual hosts, OCSP stapling against s_client/s_server/curl.
test-interop-tlsext: build
	tests/interop/tlsext.sh

test-interop-oracle:
	IMPL=system tests/interop/run.sh

test-sessions: build
	tests/interop/sessions.sh

certs:
	tests/certs/make-certs.sh

# Client certificates against openssl s_server/s_client and python ssl.
TEST_TARGETS += test-client-auth
.PHONY: test-client-auth
test-client-auth: build
	tests/interop/client_auth.sh
# Groups, sigalgs, ciphers, versions and SSLKEYLOGFILE with real peers:
# tests/interop/algo_peer.c against openssl s_server/s_client.
TEST_TARGETS += test-interop-algorithms
.PHONY: test-interop-algorithms
test-interop-algorithms: build
	tests/interop/algorithms.sh
