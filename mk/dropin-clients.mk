# Unchanged Debian programs on the drop-in libssl.so.3 (issue 3), each run
# on the system libssl (the oracle) and on ours against a real OpenSSL peer
# in another process (docs/DROPIN.md):
#   python3's ssl module as a server and as a client with a certificate,
#   socat (both roles), redis-cli, memcached -Z, mini_httpd -S.
#
#   make dropin-pkgs-clients   install the programs that are missing (apt-get)
#   make test-dropin-clients   run their tests (part of test-dropin)

# command:package, one per program the tests run.
DROPIN_CLIENT_PKGS := socat:socat redis-cli:redis-tools redis-server:redis-server \
  memcached:memcached mini_httpd:mini-httpd curl:curl python3:python3 openssl:openssl

DROPIN_CLIENT_TESTS := python_server socat redis memcached mini_httpd

.PHONY: dropin-pkgs-clients test-dropin-clients

# apt-get only for what is missing (idempotent; nothing to do when all are
# present). No service is started: redis-server and memcached are run by the
# tests as the current user.
dropin-pkgs-clients:
	@missing=; for cp in $(DROPIN_CLIENT_PKGS); do \
	  command -v $${cp%%:*} >/dev/null 2>&1 || missing="$$missing $${cp#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "dropin-pkgs-clients: installing$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi

test-dropin-clients: dropin dropin-pkgs-clients
	@rc=0; for t in $(DROPIN_CLIENT_TESTS); do \
	  tests/dropin/$$t.sh $(DROPIN_LIB) || rc=1; \
	done; exit $$rc

test-dropin: test-dropin-clients
