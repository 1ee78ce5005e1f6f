# Reliability suites (docs/RELIABILITY.md), all part of `make test`:
#
#   make test-memcheck    the whole differential C harness (tests/c/*.c) under
#                         valgrind memcheck (modes b/a/c) and built with
#                         ASan+UBSan (modes b/a/d/c); a leak canary first proves
#                         both checkers see leaks made inside libsslshim
#   make test-hostile     tests/hostile: malformed records, alerts, huge hellos
#                         and chains, old-protocol peers, slowloris, stalled
#                         readers, resets, EOFs, EINTR, renegotiation; ours vs
#                         the OpenSSL oracle
#   make test-nodataloss  256 MiB through interrupting transports, PARTIAL_WRITE
#                         and ACCEPT_MOVING_WRITE_BUFFER, vs the OpenSSL control
#
# valgrind is installed (apt-get) when missing; the sanitizer runtimes come
# with gcc (libasan/libubsan), checked here.

TEST_TARGETS += test-memcheck test-hostile test-nodataloss
.PHONY: test-memcheck memcheck-deps memcheck-canary test-memcheck-valgrind test-memcheck-asan \
	test-hostile test-nodataloss

MEMCHECK_VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
MEMCHECK_SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer
MEMCHECK_SAN_ENV  := ASAN_OPTIONS=detect_leaks=1:exitcode=98 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
MEMCHECK_OUT      := $(BUILD)/memcheck

memcheck-deps:
	@command -v valgrind >/dev/null 2>&1 || { \
	    echo "memcheck: installing valgrind"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq valgrind; }
	@case "$$($(CC) -print-file-name=libasan.so)" in /*) ;; *) \
	    echo "memcheck: installing the ASan/UBSan runtimes"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq libasan8 libubsan1;; esac

# Both checkers must fail a program that leaks objects made by libsslshim.
memcheck-canary: build memcheck-deps
	@mkdir -p $(MEMCHECK_OUT)
	$(CC) $(CFLAGS) -Iinclude -o $(MEMCHECK_OUT)/canary tests/memcheck/leak_canary.c \
	    -L$(LIBDIR) -lsslshim -Wl,-rpath,$(LIBDIR)
	$(CC) $(CFLAGS) $(MEMCHECK_SAN) -Iinclude -o $(MEMCHECK_OUT)/canary-asan \
	    tests/memcheck/leak_canary.c -L$(LIBDIR) -lsslshim -Wl,-rpath,$(LIBDIR)
	@rc=0; $(MEMCHECK_VALGRIND) $(MEMCHECK_OUT)/canary >/dev/null 2>$(MEMCHECK_OUT)/canary.vg || rc=$$?; \
	    if [ $$rc -eq 99 ] && grep -q 'definitely lost' $(MEMCHECK_OUT)/canary.vg; then \
	        echo "PASS  canary: valgrind reports the leak inside libsslshim"; \
	    else echo "FAIL  canary: valgrind exit $$rc, leak not reported"; exit 1; fi
	@rc=0; env $(MEMCHECK_SAN_ENV) $(MEMCHECK_OUT)/canary-asan >/dev/null 2>$(MEMCHECK_OUT)/canary.asan || rc=$$?; \
	    if [ $$rc -eq 98 ] && grep -q 'in sslshim::' $(MEMCHECK_OUT)/canary.asan; then \
	        echo "PASS  canary: LeakSanitizer reports the leak inside libsslshim"; \
	    else echo "FAIL  canary: ASan exit $$rc, leak not reported"; exit 1; fi

test-memcheck: test-memcheck-valgrind test-memcheck-asan

test-memcheck-valgrind: build memcheck-canary
	OUT=$(BUILD)/c-valgrind MODES="b a c" TIMEOUT=900 RUNNER="$(MEMCHECK_VALGRIND)" \
	    tests/c/run-differential.sh

# Mode (c) preloads the ASan runtime before our library (it must come first).
test-memcheck-asan: build memcheck-canary
	OUT=$(BUILD)/c-asan MODES="b a d c" EXTRA_CFLAGS="$(MEMCHECK_SAN)" \
	    EXTRA_ENV="$(MEMCHECK_SAN_ENV)" PRELOAD_EXTRA="$$($(CC) -print-file-name=libasan.so)" \
	    tests/c/run-differential.sh

test-hostile: build
	tests/hostile/run.sh

test-nodataloss: build
	tests/nodataloss/run.sh
