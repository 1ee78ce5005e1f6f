# Installation of both flavours, the headers, the pkg-config files and the
# tools (docs/DROPIN.md, "Tools and installation"):
#   make install [PREFIX=/usr/local] [DESTDIR=] [INSTALL_LIBDIR=PREFIX/lib]
#     (INSTALL_LIBDIR stands for PREFIX/lib below; the Debian package sets it
#     to /usr/lib/<multiarch>, mk/deb.mk)
#     PREFIX/lib/libsslshim.so              standalone flavour
#     PREFIX/include/sslshim/openssl/*.h    its headers (not PREFIX/include/openssl,
#                                           which would shadow the system OpenSSL)
#     PREFIX/lib/pkgconfig/sslshim.pc       -I.../include/sslshim -lsslshim
#     PREFIX/lib/sslshim/libssl.so.3        drop-in flavour (+ libssl.so link)
#     PREFIX/lib/sslshim/pkgconfig/{libssl,openssl}.pc
#                                           drop-in: PKG_CONFIG_PATH=that dir
#     PREFIX/bin/sslshim-check, sslshim-run
#   make uninstall [PREFIX=...] [DESTDIR=]  removes exactly those files
#   make test-install                       install into a temporary PREFIX and
#                                           build/run programs against it

PREFIX  ?= /usr/local
DESTDIR ?=
INSTALL ?= install
SSLSHIM_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
# The drop-in .pc files carry the system OpenSSL's version: it is that ABI
# (and configure scripts check the number).
OPENSSL_PC_VERSION := $(shell pkg-config --modversion libcrypto 2>/dev/null || echo 3.0.0)

INSTALL_LIBDIR ?= $(PREFIX)/lib
I_LIB    = $(DESTDIR)$(INSTALL_LIBDIR)
I_DROPIN = $(DESTDIR)$(INSTALL_LIBDIR)/sslshim
I_INC    = $(DESTDIR)$(PREFIX)/include/sslshim/openssl
I_BIN    = $(DESTDIR)$(PREFIX)/bin
CLI_BINS = sslshim-check sslshim-run
# sslshim.pc's run path: none where the loader looks anyway (a packaged
# /usr/lib/<multiarch>), else PREFIX's lib directory.
LOADER_DIRS := /lib /usr/lib /lib/$(shell $(CC) -print-multiarch) /usr/lib/$(shell $(CC) -print-multiarch)
PC_RPATH = $(if $(filter $(LOADER_DIRS),$(INSTALL_LIBDIR)),,-Wl,-rpath,$${libdir})
PC_SED   = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(INSTALL_LIBDIR)|g' -e 's|@RPATH@|$(PC_RPATH)|g' -e 's|@VERSION@|$(SSLSHIM_VERSION)|g' \
	       -e 's|@OPENSSL_VERSION@|$(OPENSSL_PC_VERSION)|g'

.PHONY: cli install uninstall test-install test-tools

cli:
	$(CARGO) build --release -p sslshim-cli

install: build dropin cli
	$(INSTALL) -d $(I_LIB)/pkgconfig $(I_DROPIN)/pkgconfig $(I_INC) $(I_BIN)
	$(INSTALL) -m 644 $(LIB) $(I_LIB)/libsslshim.so
	$(INSTALL) -m 644 include/openssl/*.h $(I_INC)/
	$(PC_SED) tools/pkgconfig/sslshim.pc.in > $(I_LIB)/pkgconfig/sslshim.pc
	$(INSTALL) -m 644 $(DROPIN_LIB) $(I_DROPIN)/libssl.so.3
	ln -sf libssl.so.3 $(I_DROPIN)/libssl.so
	$(PC_SED) tools/pkgconfig/libssl.pc.in > $(I_DROPIN)/pkgconfig/libssl.pc
	$(PC_SED) tools/pkgconfig/openssl.pc.in > $(I_DROPIN)/pkgconfig/openssl.pc
	$(INSTALL) -m 755 $(addprefix target/release/,$(CLI_BINS)) $(I_BIN)/

uninstall:
	rm -f $(I_LIB)/libsslshim.so $(I_LIB)/pkgconfig/sslshim.pc
	rm -f $(addprefix $(I_INC)/,$(notdir $(wildcard include/openssl/*.h)))
	-rmdir $(I_INC) $(DESTDIR)$(PREFIX)/include/sslshim 2>/dev/null
	rm -f $(I_DROPIN)/libssl.so.3 $(I_DROPIN)/libssl.so
	rm -f $(I_DROPIN)/pkgconfig/libssl.pc $(I_DROPIN)/pkgconfig/openssl.pc
	-rmdir $(I_DROPIN)/pkgconfig $(I_DROPIN) 2>/dev/null
	rm -f $(addprefix $(I_BIN)/,$(CLI_BINS))

test-install: build dropin cli
	tests/tools/install.sh

# sslshim-check on the installed real programs (mk/programs.mk), examples
# and error cases; sslshim-run with curl against openssl s_server; program
# import lists; the standalone's wrong-flavour guard (tests/tools/guard.sh).
test-tools: programs build dropin cli $(BUILD)/examples/client
	$(CARGO) test --release -p sslshim-cli
	tests/tools/check.sh
	tests/tools/run.sh
	tests/tools/guard.sh

TEST_TARGETS += test-tools test-install
