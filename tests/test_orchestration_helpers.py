import json
from datetime import date, datetime

import duckdb
import pytest

from orchestration.bi_snapshot import publish_snapshot
from orchestration.dbt_args import dbt_build_args, partition_vars
from orchestration.settings import load_settings


def test_partition_vars_single_day():
    assert partition_vars(date(2026, 10, 1), date(2026, 10, 2)) == {
        "period_start_date": "2026-10-01",
        "period_end_date": "2026-10-01",
    }


def test_partition_vars_range_of_datetimes():
    window = partition_vars(datetime(2026, 10, 1), datetime(2026, 10, 31))
    assert window == {"period_start_date": "2026-10-01", "period_end_date": "2026-10-30"}


def test_partition_vars_rejects_empty_window():
    with pytest.raises(ValueError, match="empty partition window"):
        partition_vars(date(2026, 10, 2), date(2026, 10, 2))


def test_dbt_build_args():
    args = dbt_build_args(date(2026, 10, 1), date(2026, 10, 2))
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2])["period_end_date"] == "2026-10-01"
    assert dbt_build_args(date(2026, 10, 1), date(2026, 10, 2), full_refresh=True)[-1] == (
        "--full-refresh"
    )


def test_settings_defaults(monkeypatch):
    for name in ["CW_DEMO_START_DATE", "CW_DEMO_END_DATE", "CW_DEMO_MODE", "CW_LANDING_PATH"]:
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(today=date(2026, 11, 23))
    assert settings.demo_end_date == date(2026, 11, 22)
    assert settings.demo_start_date == date(2026, 10, 24)
    assert settings.demo_mode is True
    assert settings.landing_path.is_absolute()
    assert settings.bi_snapshot_path.name == "conversion_warehouse_bi.duckdb"


def test_settings_read_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CW_DEMO_MODE", "off")
    monkeypatch.setenv("CW_LANDING_PATH", str(tmp_path))
    monkeypatch.setenv("CW_DEMO_START_DATE", "2026-03-01")
    monkeypatch.setenv("CW_DEMO_END_DATE", "2026-03-04")
    settings = load_settings()
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
    ],
)
def test_settings_reject_bad_values(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message):
        load_settings()


def test_publish_snapshot_copies_a_readable_database(tmp_path):
    database = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create table t as select range as x from range(1000)")
    snapshot = publish_snapshot(database, tmp_path / "bi" / "warehouse_bi.duckdb")
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        assert connection.execute("select count(*), sum(x) from t").fetchone() == (1000, 499500)
    assert not snapshot.with_name(snapshot.name + ".tmp").exists()


def test_publish_snapshot_needs_a_database(tmp_path):
    with pytest.raises(FileNotFoundError):
        publish_snapshot(tmp_path / "missing.duckdb", tmp_path / "bi.duckdb")
