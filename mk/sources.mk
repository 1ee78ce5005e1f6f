# Real open-source programs built from their unchanged Debian 12 source
# packages against the standalone flavour through sslshim.pc, then run
# against real peers (tests/sources/*.sh, issue 16). Sources are fetched
# once into build/sources/dl (the machine's own Debian mirror, deb-src
# entries in a private apt state); `programs` installs the Debian builds
# the results are compared with.

SOURCE_TESTS := $(sort $(wildcard tests/sources/*.sh))
SOURCE_TESTS := $(filter-out tests/sources/lib.sh,$(SOURCE_TESTS))

TEST_TARGETS += test-sources

.PHONY: test-sources
test-sources: build pkgconfig programs
	@fail=0; for t in $(SOURCE_TESTS); do bash $$t || fail=1; done; exit $$fail
