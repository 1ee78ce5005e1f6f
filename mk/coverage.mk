# API coverage document (docs/COVERAGE.md): every libssl 3 function with its
# status in each flavour, our other exports, and per real program the
# functions it imports; see tools/coverage.py. The statuses come from
# `sslshim-check --table` (read from both libraries' registries), checked
# against the exports of both libraries.
#   make coverage          regenerate docs/COVERAGE.md
#   make coverage-check    fail when the committed file is out of date
#   make program-imports   rewrite tools/programs/*.imports from the
#                          installed programs (then `make coverage`)

.PHONY: coverage coverage-check coverage-build program-imports

coverage-build: dropin
	$(CARGO) build --release
	$(CARGO) build --release -p sslshim-cli

coverage: coverage-build
	python3 tools/coverage.py

coverage-check: coverage-build
	python3 tools/coverage.py --check

program-imports: coverage-build
	tools/program-imports.sh

TEST_TARGETS += coverage-check
