# API coverage table (docs/COVERAGE.md) from the exported symbols of the
# release library; see tools/coverage.py.
#   make coverage        regenerate docs/COVERAGE.md
#   make coverage-check  fail when the committed file is out of date

.PHONY: coverage coverage-check
coverage:
	cargo build --release
	python3 tools/coverage.py

coverage-check:
	cargo build --release
	python3 tools/coverage.py --check

TEST_TARGETS += coverage-check
