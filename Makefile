# The two commands of the README: `make run` and `make test`. `make ui` opens the Dagster UI.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export PYTHONPATH := $(CURDIR)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup java run test lint ui clean bench bench-incremental

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# The Spark target (and its test) needs a Java runtime (17+): installed from Debian when missing.
JAVA_PACKAGE := openjdk-17-jre-headless

setup: $(VENV)/.installed java
	mkdir -p warehouse

java:
	@command -v java >/dev/null || { \
		echo "installing $(JAVA_PACKAGE) (Java for the Spark target)"; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(JAVA_PACKAGE); }

run: setup
	$(BIN)/python -m orchestration.demo $(ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# The dbt templater compiles the models against a scratch database of its own.
	CW_DUCKDB_PATH=warehouse/lint.duckdb $(BIN)/sqlfluff lint models macros data_tests

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Every mart on 1 million generated events (ARGS="--events 10000000" for more), beside a floor
# query and a pandas baseline; writes warehouse/benchmark/results.json and results.md.
bench: setup
	$(BIN)/python -m orchestration.benchmark $(ARGS)

# Full refresh against one incremental day on 30 generated days (not a test; prints figures).
bench-incremental: setup
	$(BIN)/python -m orchestration.benchmark_incremental $(ARGS)

ui: setup
	$(BIN)/python -c "from orchestration.instance import prepare_dagster_home as p; p()"
	env --default-signal=INT $(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

clean:
	rm -rf target logs warehouse landing .dagster_home
