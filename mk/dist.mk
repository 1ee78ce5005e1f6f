# pkg-config for using the build tree directly:
#   PKG_CONFIG_PATH=$PWD/build/pkgconfig pkg-config --cflags --libs sslshim
# (`make install` with installed .pc files is issue 3's work.)

TEST_TARGETS += pkgconfig-check

.PHONY: pkgconfig pkgconfig-check

pkgconfig: build/pkgconfig/sslshim.pc

# linkdir holds libssl.so and libcrypto.so, links to libsslshim.so, so that
# a build system's own `-lssl -lcrypto` (a Makefile that does not ask
# pkg-config for the libraries, a configure check) resolves to us, not to
# the system OpenSSL: tests/sources/ builds real projects this way.
build/pkgconfig/sslshim.pc: mk/dist.mk
	@mkdir -p $(@D) build/link
	@ln -sf $(CURDIR)/target/release/libsslshim.so build/link/libssl.so
	@ln -sf $(CURDIR)/target/release/libsslshim.so build/link/libcrypto.so
	@printf '%s\n' \
	  'prefix=$(CURDIR)' \
	  'includedir=$${prefix}/include' \
	  'libdir=$${prefix}/target/release' \
	  'linkdir=$${prefix}/build/link' \
	  '' \
	  'Name: sslshim' \
	  'Description: OpenSSL 3 libssl API on rustls' \
	  'Version: 0.1.0' \
	  'Cflags: -I$${includedir}' \
	  'Libs: -L$${linkdir} -L$${libdir} -Wl,-rpath,$${libdir} -lsslshim' > $@

# Builds the example client through pkg-config and checks it links to us.
pkgconfig-check: build pkgconfig
	@$(CC) $(CFLAGS) -o build/pkgconfig/client examples/client.c \
	  $$(PKG_CONFIG_PATH=$(CURDIR)/build/pkgconfig pkg-config --cflags --libs sslshim)
	@ldd build/pkgconfig/client | grep -q 'libsslshim.so' \
	  && echo "pkgconfig-check: 1 passed, 0 failed" \
	  || { echo "pkgconfig-check: 0 passed, 1 failed"; exit 1; }
