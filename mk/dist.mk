# pkg-config for using the build tree directly:
#   PKG_CONFIG_PATH=$PWD/build/pkgconfig pkg-config --cflags --libs sslshim
# (`make install` with installed .pc files is issue 3's work.)

TEST_TARGETS += pkgconfig-check

.PHONY: pkgconfig pkgconfig-check

pkgconfig: build/pkgconfig/sslshim.pc

build/pkgconfig/sslshim.pc: mk/dist.mk
	@mkdir -p $(@D)
	@printf '%s\n' \
	  'prefix=$(CURDIR)' \
	  'includedir=$${prefix}/include' \
	  'libdir=$${prefix}/target/release' \
	  '' \
	  'Name: sslshim' \
	  'Description: OpenSSL 3 libssl API on rustls' \
	  'Version: 0.1.0' \
	  'Cflags: -I$${includedir}' \
	  'Libs: -L$${libdir} -Wl,-rpath,$${libdir} -lsslshim' > $@

# Builds the example client through pkg-config and checks it links to us.
pkgconfig-check: build pkgconfig
	@$(CC) $(CFLAGS) -o build/pkgconfig/client examples/client.c \
	  $$(PKG_CONFIG_PATH=$(CURDIR)/build/pkgconfig pkg-config --cflags --libs sslshim)
	@ldd build/pkgconfig/client | grep -q 'libsslshim.so' \
	  && echo "pkgconfig-check: 1 passed, 0 failed" \
	  || { echo "pkgconfig-check: 0 passed, 1 failed"; exit 1; }
