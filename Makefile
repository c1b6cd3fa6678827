# The two commands of the README: `make run` and `make test`. `make ui` opens the Dagster UI.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export PYTHONPATH := $(CURDIR)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup setup-spark setup-test setup-bench java chromium postgres run serve serve-stop publish report test lint ui clean bench bench-incremental bench-growth bench-collectors bench-publish

# Each command installs what it needs, no more: pyproject.toml names the packages of each group,
# requirements.lock pins every version (pip constraints). A stamp file per group.
define install
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PYTHON) tools/requirements.py $(1) > $@.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -r $@.txt
	touch $@
endef

$(VENV)/.installed-core: pyproject.toml requirements.lock tools/requirements.py
	$(call install,)
$(VENV)/.installed-bench: $(VENV)/.installed-core
	$(call install,bench)
$(VENV)/.installed-spark: $(VENV)/.installed-core
	$(call install,spark)
$(VENV)/.installed-test: $(VENV)/.installed-core
	$(call install,test bench spark)

# The Spark target (and its test) needs a Java runtime (17+): installed from Debian when missing.
JAVA_PACKAGE := openjdk-17-jre-headless

# `make run` and `make ui`: dbt, DuckDB, Dagster and the sample-event generator.
setup: $(VENV)/.installed-core
	mkdir -p warehouse

# The Spark targets: dbt-spark with PySpark, and Java.
setup-spark: setup $(VENV)/.installed-spark java

setup-bench: setup $(VENV)/.installed-bench

# Everything `make test` runs: the test tools, the pandas baseline, Spark and Java, PostgreSQL.
setup-test: setup $(VENV)/.installed-test java postgres chromium

java:
	@command -v java >/dev/null || { \
		echo "installing $(JAVA_PACKAGE) (Java for the Spark target)"; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(JAVA_PACKAGE); }

# Headless Chromium renders the Dagster UI in tests/test_dagster_ui.py: Debian's when missing.
chromium:
	@command -v chromium >/dev/null || { \
		echo "installing chromium (the Dagster UI test renders pages headless)"; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

# The PostgreSQL server BI tools read (serving/server.py): Debian's package when missing.
POSTGRES_PACKAGE := postgresql
postgres:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null || { \
		echo "installing $(POSTGRES_PACKAGE) (the server BI tools read)"; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(POSTGRES_PACKAGE); }

# Generates the sample, runs the daily job (build, tests, publication), starts the PostgreSQL
# server first (CW_SERVING=off: none).
run: setup postgres
	$(BIN)/python -m tools.demo $(ARGS)

# Start (set up the first time) the local PostgreSQL server; print how BI tools connect.
serve: setup postgres
	$(BIN)/python -m serving serve

serve-stop: setup
	$(BIN)/python -m serving stop

# Publish the warehouse's marts as they are (dbt build / dbt run and the Dagster job publish by
# themselves after every successful build).
publish: setup
	$(BIN)/python -m serving publish

# Rebuild the marketing report (warehouse/report/index.html) from the published marts file, as
# it is; `make run` and the daily job rebuild it after each publication (docs/report.md).
report: setup
	$(BIN)/python -m reporting build $(ARGS)

lint: setup-test
	# No merge-conflict markers left in any tracked file.
	! git grep -n -E '^(<<<<<<<|>>>>>>>) ' -- . ':!Makefile'
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# The dbt templater compiles the models against a scratch database of its own.
	CW_DUCKDB_PATH=warehouse/lint.duckdb $(BIN)/sqlfluff lint models macros data_tests

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Every mart on 1 million generated events (ARGS="--events 10000000" for more), beside a floor
# query and a pandas baseline; writes warehouse/benchmark/results.json and results.md.
bench: setup-bench
	$(BIN)/python -m tools.benchmark $(ARGS)

# The collector adapters' cost: the same generated events as the contract, GA4, Snowplow and
# Segment files, each staged on a fresh warehouse (ARGS="--full-build" adds every model); merges
# its table into warehouse/benchmark/results.json and results.md (docs/performance.md).
bench-collectors: setup
	$(BIN)/python -m tools.benchmark.collectors $(ARGS)

# Publication to PostgreSQL and the marts-only DuckDB file after a full build of 1 million
# generated events (ARGS="--events 10000000"): first, unchanged, one day changed.
bench-publish: setup-bench postgres
	$(BIN)/python -m tools.benchmark.publication $(ARGS)

# Full refresh against one incremental day on 30 generated days (not a test; prints figures).
bench-incremental: setup
	$(BIN)/python -m tools.benchmark.incremental $(ARGS)

# One incremental day after 10 and after 40 received days of history, the same day's files in
# both (ARGS="--visitors-per-day 100000" for the issue's size); prints CPU and the models that grew.
bench-growth: setup
	$(BIN)/python -m tools.benchmark.growth $(ARGS)

ui: setup
	$(BIN)/python -c "from orchestration.instance import prepare_dagster_home as p; p()"
	env --default-signal=INT $(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

clean:
	rm -rf target logs warehouse landing .dagster_home
