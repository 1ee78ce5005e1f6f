# The unchanged Debian packages whose programs the drop-in tests run
# (tests/dropin/*.sh) and sslshim-check is checked on. `make programs`
# apt-installs those not installed, and nothing when all are; no service is
# started (the tests run each server as the current user, with its own
# configuration, ports and data under build/dropin/).

PROGRAM_PACKAGES := curl nginx stunnel4 socat redis-tools redis-server memcached \
  mini-httpd python3 openssl libpython3.11-minimal libpython3.11-testsuite \
  haproxy lighttpd lighttpd-mod-openssl squid-openssl openvpn nsd znc \
  mariadb-server mariadb-client libnet-ssleay-perl libio-socket-ssl-perl

.PHONY: programs
programs:
	@missing=""; for p in $(PROGRAM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q ' installed$$' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "programs: installing$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
