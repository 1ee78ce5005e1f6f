# The unchanged Debian programs the drop-in tests run and sslshim-check is
# checked on (issue 3), as FILE:PACKAGE. `make programs` apt-installs the
# packages of those missing, and nothing when all are present; no service
# is started (the tests run each server as the current user).

PROGRAMS := /usr/bin/curl:curl /usr/sbin/nginx:nginx /usr/bin/stunnel4:stunnel4 \
  /usr/bin/socat:socat /usr/bin/redis-cli:redis-tools /usr/bin/redis-server:redis-server \
  /usr/bin/memcached:memcached /usr/sbin/mini_httpd:mini-httpd \
  /usr/bin/python3:python3 /usr/bin/openssl:openssl \
  /usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so:libpython3.11-minimal

.PHONY: programs
programs:
	@missing=""; for fp in $(PROGRAMS); do \
	  [ -e "$${fp%%:*}" ] || missing="$$missing $${fp##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "programs: installing$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
