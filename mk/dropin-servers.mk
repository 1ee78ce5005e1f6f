# Server programs on the drop-in libssl.so.3 (docs/DROPIN.md): Debian's
# nginx and stunnel4, unchanged, against openssl s_client/s_server and curl
# on the real libssl.
#
#   make dropin-pkgs-servers   install the Debian packages (only what is missing)
#   make test-dropin-nginx     tests/dropin/nginx.sh
#   make test-dropin-stunnel   tests/dropin/stunnel.sh
# Both run from `make test-dropin`.

# command -> Debian package
DROPIN_SERVER_PKGS := nginx:nginx-light stunnel4:stunnel4 curl:curl python3:python3

.PHONY: dropin-pkgs-servers test-dropin-nginx test-dropin-stunnel

dropin-pkgs-servers:
	@missing=""; for cp in $(DROPIN_SERVER_PKGS); do \
	  command -v $${cp%%:*} >/dev/null 2>&1 || missing="$$missing $${cp#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $$missing; \
	fi

test-dropin-nginx: dropin dropin-pkgs-servers
	tests/dropin/nginx.sh $(DROPIN_LIB)

test-dropin-stunnel: dropin dropin-pkgs-servers
	tests/dropin/stunnel.sh $(DROPIN_LIB)

test-dropin: test-dropin-nginx test-dropin-stunnel
