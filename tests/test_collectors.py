"""GA4, Snowplow and Segment exports land beside our contract and give the same marts.

Each collector's fixture (tests/collector_fixtures/) is a small story written in the collector's
own export format, with its numbers worked out by hand, and the same good events written in our
landing contract. Four landings are built once each (module fixtures):
- mixed: the three collectors and a contract folder side by side on the same two received days,
  with bad rows and a file in the wrong collector's folder (`CW_COLLECTORS` names the folders);
- equivalent: every collector's contract equivalent in the contract folder alone;
- the mixed landing again with `sessionize_by: collector`, and day by day (two windowed builds).
"""

import json
import shutil

import pytest

from tests.collector_fixtures import DAY1, DAY2, contract, ga4, segment, snowplow
from tests.collector_fixtures import write_contract as write_contract_file
from tests.collector_fixtures.read import (
    HAND_KEYS,
    device_rows,
    hand_numbers,
    marts_without_ids,
    rows,
    session_counts,
)
from tests.conftest import copy_project, run_dbt
from tools.benchmark.compare import mart_differences, read_marts

FOLDERS = {"events": contract, "ga4": ga4, "snowplow": snowplow, "segment": segment}
COLLECTORS = "events:contract,ga4:ga4,snowplow:snowplow,segment:segment"
WRONG_FILE = "snowplow/received_date=2026-10-02/events_20261002.parquet"


def _build(project, landing, database, collectors: str, variables: dict | None = None) -> str:
    args = ["build", "--target-path", f"target/{database.stem}"]
    if variables:
        args += ["--vars", json.dumps(variables)]
    env = {
        "CW_LANDING_PATH": str(landing),
        "CW_DUCKDB_PATH": str(database),
        "CW_COLLECTORS": collectors,
    }
    result = run_dbt(project, args, env)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def landings(tmp_path_factory):
    """The project copy, the mixed landing and the contract-equivalent landing."""
    root = tmp_path_factory.mktemp("collectors")
    project = copy_project(root)
    mixed, equivalent = root / "mixed", root / "equivalent"
    for folder, module in FOLDERS.items():
        landed = module.write(mixed, folder)
        for day in (DAY1, DAY2):
            on_day = [row for row in landed if row["event_at"][:10] == day.isoformat()]
            path = equivalent / "events" / f"received_date={day.isoformat()}" / f"{folder}.parquet"
            write_contract_file(path, on_day)
    # A GA4 export dropped into the Snowplow folder: quarantined whole.
    shutil.copy(mixed / "ga4/received_date=2026-10-02/events_20261002.parquet", mixed / WRONG_FILE)
    return {"project": project, "mixed": mixed, "equivalent": equivalent, "root": root}


@pytest.fixture(scope="module")
def mixed(landings):
    """The mixed landing, built once in full."""
    database = landings["root"] / "mixed.duckdb"
    _build(landings["project"], landings["mixed"], database, COLLECTORS)
    return database


@pytest.fixture(scope="module")
def equivalent(landings):
    """Every collector's contract equivalent (and the contract folder), built once."""
    database = landings["root"] / "equivalent.duckdb"
    _build(landings["project"], landings["equivalent"], database, "events:contract")
    return database


@pytest.mark.parametrize("folder", FOLDERS)
def test_contract_equivalent_gives_the_hand_numbers(equivalent, folder):
    module = FOLDERS[folder]
    expected = {key: module.EXPECTED[key] for key in HAND_KEYS}
    assert hand_numbers(equivalent, module.DEVICES) == expected


@pytest.mark.parametrize("folder", FOLDERS)
def test_mixed_landing_gives_each_collector_its_hand_numbers(mixed, folder):
    module = FOLDERS[folder]
    expected = {key: module.EXPECTED[key] for key in HAND_KEYS}
    assert hand_numbers(mixed, module.DEVICES) == expected


def test_mixed_landing_last_touch_report(mixed):
    # last_touch per channel over all four folders: Paid Search = GA4 + Segment (2, 80 EUR),
    # Paid Social = Snowplow (1, 40 EUR), Email = the contract folder (1, 25 EUR).
    found = rows(
        mixed,
        "select channel, sum(conversions), sum(revenue) from rpt_attribution_daily"
        " where model = 'last_touch' and conversions > 0 group by 1 order by 1",
    )
    assert found == [("Email", 1.0, 25.0), ("Paid Search", 2.0, 80.0), ("Paid Social", 1.0, 40.0)]


def test_collector_engagement_is_summed_per_session(mixed):
    for module in (ga4, snowplow):
        found = {
            (device, started_at): seconds
            for device, started_at, seconds in rows(
                mixed,
                "select anonymous_id, started_at, collector_engagement_seconds from fct_sessions"
                " where collector_engagement_seconds > 0",
            )
            if device in module.DEVICES
        }
        expected = {
            (device, moment.replace(tzinfo=None)): seconds
            for (device, moment), seconds in module.EXPECTED["engagement_seconds"].items()
        }
        assert found == expected, module.__name__
    # GA4's session_engaged = "1" on A's paid and day-2 sessions, B's, and C's second (by rules).
    engaged = rows(
        mixed,
        "select anonymous_id, started_at from fct_sessions where collector_session_engaged"
        " order by 1, 2",
    )
    assert {(device, started.isoformat(sep=" ")) for device, started in engaged} == {
        (ga4.A, "2026-10-01 10:00:00"),
        (ga4.A, "2026-10-02 09:00:00"),
        (ga4.B, "2026-10-01 14:00:00"),
        (ga4.C, "2026-10-02 11:45:00"),
    }


def test_reconciliation_balances_per_day_and_collector(mixed):
    found = rows(
        mixed,
        "select received_date, collector, rows_in_files, landed_rows, is_balanced,"
        " quarantined_files from rpt_landing_reconciliation_daily order by 1, 2",
    )
    expected = [
        (day, folder, module.EXPECTED["rows_in_files"][day])
        for day in (DAY1, DAY2)
        for folder, module in sorted(FOLDERS.items())
    ]
    assert [(day, folder, in_files) for day, folder, in_files, *_ in found] == expected
    assert all(in_files == landed and balanced for _, _, in_files, landed, balanced, _ in found)
    wrong = {(day, folder): files for day, folder, *_, files in found if files}
    assert wrong == {(DAY2, "snowplow"): 1}


def test_bad_rows_and_the_wrong_collector_file_are_quarantined(mixed, landings):
    found = rows(
        mixed,
        "select collector, reason, count(*) from quarantined_events group by all order by all",
    )
    assert found == sorted(
        (folder, reason, count)
        for folder, module in FOLDERS.items()
        for reason, count in module.EXPECTED["quarantined"].items()
    )
    files = rows(mixed, "select landed_file, collector, reason from quarantined_files")
    assert files == [(f"{landings['mixed']}/{WRONG_FILE}", "snowplow", "other_collector_file")]


def test_adapters_give_the_marts_of_their_contract_equivalents(mixed, equivalent):
    problems = mart_differences(marts_without_ids(mixed), marts_without_ids(equivalent))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("folder", ["snowplow", "segment", "events"])
def test_collector_ids_are_kept(mixed, equivalent, folder):
    devices = FOLDERS[folder].DEVICES
    problems = mart_differences(device_rows(mixed, devices), device_rows(equivalent, devices))
    assert not problems, "\n".join(problems)


def test_sessionize_by_collector_follows_the_collector_session_ids(landings, mixed):
    database = landings["root"] / "by_collector.duckdb"
    _build(
        landings["project"], landings["mixed"], database, COLLECTORS, {"sessionize_by": "collector"}
    )
    for module in FOLDERS.values():
        assert session_counts(mixed, module.DEVICES) == sum(module.EXPECTED["sessions"].values())
        expected = module.EXPECTED["sessions_by_collector"]
        assert session_counts(database, module.DEVICES) == expected, module.__name__
    # C's one GA4 session spans 11:00 to 11:45: 2700 s, past the 600-second goal.
    spans = rows(
        database,
        "select duration_seconds, page_views from fct_sessions where anonymous_id = ?",
        ga4.C,
    )
    assert spans == [(2700.0, 2)]


def test_day_by_day_equals_one_full_build(landings, mixed):
    database = landings["root"] / "daily.duckdb"
    for day in (DAY1, DAY2):
        window = {"period_start_date": day.isoformat(), "period_end_date": day.isoformat()}
        _build(landings["project"], landings["mixed"], database, COLLECTORS, window)
    problems = mart_differences(read_marts(database), read_marts(mixed))
    assert not problems, "\n".join(problems)
