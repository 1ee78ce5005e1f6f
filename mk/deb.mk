# The Debian package (tools/deb/build.sh, docs/DROPIN.md "The Debian package"):
#   make deb       build/deb/sslshim_<version>_<arch>.deb and its split-off
#                  debug information, sslshim-dbgsym_<version>_<arch>.ddeb
#   make test-deb  lintian, apt-get install, a handshake through the installed
#                  sslshim-run and pkg-config builds of each flavour, apt-get
#                  remove (tests/tools/deb.sh; installs a package: root, as in CI)

DEB_DIR := build/deb

.PHONY: deb test-deb

deb: build dropin cli
	tools/deb/build.sh $(DEB_DIR)

test-deb: deb
	tests/tools/deb.sh $(DEB_DIR)

TEST_TARGETS += test-deb
