# Two commands on a fresh machine: `make run` and `make test`. The work is in scripts/; see README.md.
SHELL := bash
.DEFAULT_GOAL := help

.PHONY: help setup run serve test bench

help:
	@echo "make run    install what is missing, migrate, load units and demo data, serve on 127.0.0.1:\$${PORT:-8000}"
	@echo "make test   lint, type-check, and the test suite on SQLite and on a throwaway PostgreSQL"
	@echo "make serve  the web server alone, against whatever DATABASE_URL says"
	@echo "make setup  install what is missing (uv, Python and npm packages) and nothing else"
	@echo "make bench  the benchmarks"

setup:
	@scripts/setup.sh

run:
	@scripts/run.sh

serve:
	@scripts/serve.sh

# Extra pytest arguments: make test PYTEST_ARGS="-k units -x"
test:
	@scripts/test.sh $(PYTEST_ARGS)

bench:
	@scripts/bench.sh
