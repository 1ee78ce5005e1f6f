# Server programs on the drop-in libssl.so.3 (docs/DROPIN.md): Debian's
# nginx and stunnel4, unchanged, against openssl s_client/s_server and curl
# on the real libssl.
#
#   make test-dropin-nginx     tests/dropin/nginx.sh
#   make test-dropin-stunnel   tests/dropin/stunnel.sh
# Both run from `make test-dropin`; `make programs` (mk/programs.mk)
# installs the packages.

.PHONY: test-dropin-nginx test-dropin-stunnel

test-dropin-nginx: dropin programs
	tests/dropin/nginx.sh $(DROPIN_LIB)

test-dropin-stunnel: dropin programs
	tests/dropin/stunnel.sh $(DROPIN_LIB)

test-dropin: test-dropin-nginx test-dropin-stunnel
