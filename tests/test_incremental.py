"""Incremental daily runs give exactly the marts of one full refresh over the same landed files:
run day by day (duplicates and late events arriving on later days), rerun, and backfilled."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from orchestration.dbt_args import partition_env
from orchestration.sample_events import GeneratorConfig, generate_landing
from orchestration.warehouse_compare import mart_differences, read_marts
from tests.conftest import copy_project, run_dbt

START, END = date(2026, 5, 1), date(2026, 5, 5)
DAYS = [START + timedelta(days=offset) for offset in range((END - START).days + 1)]
CONFIG = GeneratorConfig(start_date=START, end_date=END, seed=11, visitors_per_day=150)


def _dbt(project: Path, database: Path, args: list[str], env: dict | None = None) -> None:
    result = run_dbt(project, args, {"CW_DUCKDB_PATH": str(database), **(env or {})})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def _run_day(project: Path, database: Path, day: date, as_vars: bool = False) -> None:
    """Process one received day as the daily job does (environment), or with dbt --vars."""
    if as_vars:
        window = {"period_start_date": day.isoformat(), "period_end_date": day.isoformat()}
        _dbt(project, database, ["run", "--vars", json.dumps(window)])
    else:
        _dbt(project, database, ["run"], partition_env(day, day + timedelta(days=1)))


def _assert_marts_equal(actual: dict[str, list[tuple]], expected: dict[str, list[tuple]]) -> None:
    problems = mart_differences(actual, expected)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project copy with the whole sample landed, seeds loaded into two warehouses."""
    root = copy_project(tmp_path_factory.mktemp("incremental"))
    generate_landing(root / "landing", CONFIG)
    return root


@pytest.fixture(scope="module")
def full_refresh(project):
    database = project / "warehouse" / "full.duckdb"
    _dbt(project, database, ["seed"])
    _dbt(project, database, ["run", "--full-refresh"])
    marts = read_marts(database)
    assert marts["fct_sessions"] and marts["fct_attribution_credits"]
    return marts


@pytest.fixture(scope="module")
def incremental(project):
    database = project / "warehouse" / "incremental.duckdb"
    _dbt(project, database, ["seed"])
    for day in DAYS:
        _run_day(project, database, day)
    return database


def test_day_by_day_equals_full_refresh(incremental, full_refresh):
    _assert_marts_equal(read_marts(incremental), full_refresh)


def test_rerunning_the_last_day_changes_nothing(incremental, full_refresh):
    _run_day(incremental.parent.parent, incremental, DAYS[-1])
    _run_day(incremental.parent.parent, incremental, DAYS[-1])
    _assert_marts_equal(read_marts(incremental), full_refresh)


def test_backfilling_a_past_day_after_later_ones_changes_nothing(incremental, full_refresh):
    _run_day(incremental.parent.parent, incremental, DAYS[1], as_vars=True)
    _assert_marts_equal(read_marts(incremental), full_refresh)
