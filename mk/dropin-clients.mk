# Unchanged Debian programs on the drop-in libssl.so.3 (issue 3), each run
# on the system libssl (the oracle) and on ours against a real OpenSSL peer
# in another process (docs/DROPIN.md):
#   python3's ssl module as a server and as a client with a certificate,
#   socat (both roles), redis-cli, memcached -Z, mini_httpd -S; encrypted
#   key files through the default password callback (python3 and a C
#   program, tests/dropin/pwkey.sh).
#
#   make test-dropin-clients   run their tests (part of test-dropin); `make
#                              programs` (mk/programs.mk) installs them

DROPIN_CLIENT_TESTS := python_server socat redis memcached mini_httpd pwkey

.PHONY: test-dropin-clients

test-dropin-clients: dropin programs
	@rc=0; for t in $(DROPIN_CLIENT_TESTS); do \
	  tests/dropin/$$t.sh $(DROPIN_LIB) || rc=1; \
	done; exit $$rc

test-dropin: test-dropin-clients
