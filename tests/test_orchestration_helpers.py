import os
from datetime import date, datetime

import pytest

from orchestration.dbt_args import (
    dbt_build_args,
    environment,
    partition_env,
    run_partition_window,
)
from orchestration.settings import load_settings


def test_partition_env_single_day():
    assert partition_env(date(2026, 10, 1), date(2026, 10, 2)) == {
        "CW_PERIOD_START_DATE": "2026-10-01",
        "CW_PERIOD_END_DATE": "2026-10-01",
    }


def test_partition_env_range_of_datetimes():
    window = partition_env(datetime(2026, 10, 1), datetime(2026, 10, 31))
    assert window == {"CW_PERIOD_START_DATE": "2026-10-01", "CW_PERIOD_END_DATE": "2026-10-30"}


def test_partition_env_rejects_empty_window():
    with pytest.raises(ValueError, match="empty partition window"):
        partition_env(date(2026, 10, 2), date(2026, 10, 2))


def test_run_partition_window_from_tags():
    # one partition: its day; a range: first .. last inclusive, so [first, last + 1 day)
    assert run_partition_window({"dagster/partition": "2026-10-01"}) == (
        date(2026, 10, 1),
        date(2026, 10, 2),
    )
    range_tags = {
        "dagster/asset_partition_range_start": "2026-10-01",
        "dagster/asset_partition_range_end": "2026-10-30",
    }
    assert run_partition_window(range_tags) == (date(2026, 10, 1), date(2026, 10, 31))
    assert run_partition_window({"other": "x"}) is None


def test_dbt_build_args():
    assert dbt_build_args() == ["build"]
    assert dbt_build_args(full_refresh=True) == ["build", "--full-refresh"]


def test_environment_sets_and_restores(monkeypatch):
    monkeypatch.setenv("CW_PERIOD_END_DATE", "2026-01-01")
    monkeypatch.delenv("CW_PERIOD_START_DATE", raising=False)
    with environment({"CW_PERIOD_START_DATE": "2026-10-01", "CW_PERIOD_END_DATE": "2026-10-02"}):
        assert os.environ["CW_PERIOD_START_DATE"] == "2026-10-01"
        assert os.environ["CW_PERIOD_END_DATE"] == "2026-10-02"
    assert "CW_PERIOD_START_DATE" not in os.environ
    assert os.environ["CW_PERIOD_END_DATE"] == "2026-01-01"


def test_settings_defaults(monkeypatch):
    for name in ["CW_DEMO_START_DATE", "CW_DEMO_END_DATE", "CW_DEMO_MODE", "CW_LANDING_PATH"]:
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(today=date(2026, 11, 23))
    assert settings.demo_end_date == date(2026, 11, 22)
    assert settings.demo_start_date == date(2026, 10, 24)
    assert settings.demo_mode is True
    assert settings.landing_path.is_absolute()
    assert settings.duckdb_path.name == "conversion_warehouse.duckdb"


def test_settings_read_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CW_DEMO_MODE", "off")
    monkeypatch.setenv("CW_LANDING_PATH", str(tmp_path))
    monkeypatch.setenv("CW_DEMO_START_DATE", "2026-03-01")
    monkeypatch.setenv("CW_DEMO_END_DATE", "2026-03-04")
    monkeypatch.setenv("CW_MARTS_FRESH_BY_HOUR", "9")
    monkeypatch.setenv("CW_DAILY_SCHEDULE", "0")
    settings = load_settings()
    assert settings.marts_fresh_by_hour == 9
    assert settings.daily_schedule_running is False
    assert settings.demo_mode is False
    assert settings.landing_path == tmp_path
    assert (settings.demo_start_date, settings.demo_end_date) == (
        date(2026, 3, 1),
        date(2026, 3, 4),
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CW_DEMO_MODE", "maybe", "must be a boolean"),
        ("CW_DEMO_END_DATE", "2026-02-30", "must be an ISO date"),
        ("CW_DEMO_START_DATE", "2999-01-01", "is after"),
        ("CW_MARTS_FRESH_BY_HOUR", "24", "an hour of the day"),
        ("CW_MARTS_FRESH_BY_HOUR", "six", "an hour of the day"),
        ("CW_DAILY_SCHEDULE", "sometimes", "must be a boolean"),
    ],
)
def test_settings_reject_bad_values(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message):
        load_settings()
