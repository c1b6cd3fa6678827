"""Incremental daily runs give exactly the marts of one full refresh over the same landed files:
run day by day (duplicates and late events arriving on later days), rerun, backfilled, and a
day landed again with other content."""

import json
import os
import shutil
import signal
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from orchestration.dbt_args import partition_env
from tests.conftest import DBT, copy_project, run_dbt
from tools.benchmark.compare import mart_differences, read_marts
from tools.sample_events import GeneratorConfig, generate_landing

START, END = date(2026, 5, 1), date(2026, 5, 5)
DAYS = [START + timedelta(days=offset) for offset in range((END - START).days + 1)]
CONFIG = GeneratorConfig(start_date=START, end_date=END, seed=11, visitors_per_day=600)


def _dbt(project: Path, database: Path, args: list[str], env: dict | None = None) -> None:
    # One target folder per warehouse file: the profile names the file, so sharing one would
    # make every switch between warehouses a full parse instead of a partial one.
    args = [*args, "--target-path", f"target/{database.stem}"]
    result = run_dbt(project, args, {"CW_DUCKDB_PATH": str(database), **(env or {})})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def _seed(project: Path, *databases: Path) -> None:
    """Load the seeds into the first warehouse file, then copy it to the others."""
    _dbt(project, databases[0], ["seed"])
    for database in databases[1:]:
        shutil.copyfile(databases[0], database)


def _run_day(
    project: Path, database: Path, day: date, as_vars: bool = False, build_buckets: int = 1
) -> None:
    """Process one received day as the daily job does (environment), or with dbt --vars."""
    if as_vars:
        window = {"period_start_date": day.isoformat(), "period_end_date": day.isoformat()}
        _dbt(project, database, ["run", "--vars", json.dumps(window)])
    else:
        args = ["run"]
        if build_buckets > 1:
            args += ["--vars", json.dumps({"build_buckets": build_buckets})]
        _dbt(project, database, args, partition_env(day, day + timedelta(days=1)))


def _assert_marts_equal(actual: dict[str, list[tuple]], expected: dict[str, list[tuple]]) -> None:
    problems = mart_differences(actual, expected)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project copy with the whole sample landed, seeds loaded into two warehouses."""
    root = copy_project(tmp_path_factory.mktemp("incremental"))
    generate_landing(root / "landing", CONFIG)
    return root


# The models that take var build_buckets (built one hash bucket of devices or persons at a
# time), with the columns a day-by-day build sets differently by design.
BUCKETED_MODELS = {
    # built_at: the build's stamp (when the invocation that wrote the row started)
    "int_events_sessionized": " exclude (built_at)",
    "int_sessions_aggregated": " exclude (built_at)",
    "int_goal_hits_matched": "",
    "int_funnel_step_occurrences": " exclude (built_at)",
    "int_funnel_journeys": " exclude (built_at)",
    "int_funnel_steps_reached": " exclude (built_at)",
    # period_ends_at marks the rows a run rebuilt (bucketed on full builds only)
    "int_attribution_journey_touches": " exclude (period_ends_at)",
    "int_attribution_journey_paths": "",
    # macro_value: a sum of doubles, whose last bits depend on the order of the addition
    "int_micro_goal_person_counts": " replace (round(macro_value, 6) as macro_value)",
}


@pytest.fixture(scope="module")
def full_refresh(project):
    """One full refresh, its bucketed models built in four build buckets."""
    database = project / "warehouse" / "full.duckdb"
    _seed(project, database, project / "warehouse" / "incremental.duckdb")
    _dbt(project, database, ["run", "--full-refresh", "--vars", json.dumps({"build_buckets": 4})])
    marts = read_marts(database)
    assert marts["fct_sessions"] and marts["fct_attribution_credits"]
    return marts


@pytest.fixture(scope="module")
def incremental(project, full_refresh):
    """Each received day run in turn, from the seeds loaded beside the full refresh."""
    database = project / "warehouse" / "incremental.duckdb"
    for number, day in enumerate(DAYS):
        # every other day builds the bucketed models in three build buckets (same result)
        _run_day(project, database, day, build_buckets=3 if number % 2 else 1)
    return database


def test_day_by_day_equals_full_refresh(incremental, full_refresh):
    _assert_marts_equal(read_marts(incremental), full_refresh)


def test_bucketed_tables_equal_whatever_the_buckets(project, incremental, full_refresh):
    """The bucketed models, row for row: the full refresh's (four buckets) and the day-by-day
    build's (some days one statement, some in three buckets). A lost or doubled bucket, or a
    window cut by one, would differ."""
    with duckdb.connect(str(incremental), read_only=True) as connection:
        full = project / "warehouse" / "full.duckdb"
        connection.execute(f"attach '{full}' as buckets (read_only)")
        rows = connection.execute(
            "select count(*) from buckets.main.int_funnel_steps_reached"
        ).fetchone()
        present = connection.execute(
            # the four build buckets are the four quarters of the 64-bit hash
            "select count(distinct hash(anonymous_id) >> 62)"
            " from buckets.main.int_events_sessionized"
        ).fetchone()
        differences = {
            f"{table}: {a} except all {b}": connection.execute(
                f"select count(*) from (select *{skip} from {a}.main.{table}"
                f" except all select *{skip} from {b}.main.{table})"
            ).fetchone()[0]
            for table, skip in BUCKETED_MODELS.items()
            for a, b in (("buckets", "incremental"), ("incremental", "buckets"))
        }
    assert rows[0] > 1_000 and present == (4,)
    assert set(differences.values()) == {0}, differences


def test_reads_by_build_stamp_and_by_key_alone_give_the_same_rows(project, incremental):
    """The last day read the funnel steps' inputs by their build stamp (decision 0030). Then
    the batch alone is built again (a new stamp) and the funnel journeys and steps alone after
    it: their inputs' stamp is no longer the batch's, so they read by key alone, and rebuild
    the same rows. A stamp taken from the wrong build would read no rows and empty them."""
    compiled = project / "target" / "incremental" / "compiled" / "conversion_warehouse" / "models"
    journeys_sql = compiled / "intermediate" / "funnels" / "int_funnel_journeys.sql"
    assert "built_at = cast('" in journeys_sql.read_text()
    database = project / "warehouse" / "stamps.duckdb"
    shutil.copyfile(incremental, database)
    window = partition_env(DAYS[-1], DAYS[-1] + timedelta(days=1))
    columns = {
        "int_funnel_journeys": "* exclude (built_at)",
        "int_funnel_steps_reached": "* exclude (built_at)",
        "fct_funnel_steps": "*",
    }
    tables = list(columns)

    def rows() -> dict[str, list[tuple]]:
        with duckdb.connect(str(database), read_only=True) as connection:
            return {
                table: sorted(
                    connection.execute(f"select {select} from {table}").fetchall(), key=repr
                )
                for table, select in columns.items()
            }

    before = rows()
    _dbt(project, database, ["run", "--select", "int_persons_affected"], window)
    _dbt(project, database, ["run", "--select", *tables], window)
    after = rows()
    assert all(before[table] for table in tables)
    assert {table: len(found) for table, found in after.items()} == {
        table: len(found) for table, found in before.items()
    }
    assert after == before
    stamps_sql = project / "target" / "stamps" / "compiled" / "conversion_warehouse" / "models"
    rebuilt_sql = (stamps_sql / "intermediate" / "funnels" / "int_funnel_journeys.sql").read_text()
    assert "built_at = cast('" not in rebuilt_sql and "int_persons_affected" in rebuilt_sql


def test_non_converting_journeys_end_at_their_persons_last_session(incremental):
    """A non-converting journey's window is its person's own (decision 0020): it ends at the
    person's last non-bot session start, whichever day was built last, and every person with a
    non-bot session has one per attribution goal they did not convert on."""
    with duckdb.connect(str(incremental), read_only=True) as connection:
        wrong_end, journeys, expected = connection.execute(
            """
            with last_sessions as (
                select person_id, max(started_at) as last_started_at
                from int_sessions_classified
                where not is_bot
                group by person_id
            ),
            journeys as (
                select distinct goal_id, person_id, journey_id, journey_ends_at
                from int_attribution_journey_touches
                where not is_converting
            ),
            converted as (
                select count(distinct goal_id || '|' || person_id) as pairs
                from int_attribution_conversions
            )
            select
                count(*) filter (where journeys.journey_ends_at <> last_sessions.last_started_at),
                count(*),
                (select count(*) from last_sessions)
                    * (select count(*) from int_attribution_goals)
                    - (select pairs from converted)
            from journeys
            inner join last_sessions on journeys.person_id = last_sessions.person_id
            """
        ).fetchone()
    assert wrong_end == 0
    assert journeys == expected > 0


def test_rerunning_the_last_day_changes_nothing(incremental, full_refresh):
    _run_day(incremental.parent.parent, incremental, DAYS[-1])
    _run_day(incremental.parent.parent, incremental, DAYS[-1])
    _assert_marts_equal(read_marts(incremental), full_refresh)


def test_backfilling_a_past_day_after_later_ones_changes_nothing(incremental, full_refresh):
    _run_day(incremental.parent.parent, incremental, DAYS[1], as_vars=True)
    _assert_marts_equal(read_marts(incremental), full_refresh)


def _killed_midway(project: Path, database: Path, args: list[str], env: dict, after: int) -> None:
    """Start dbt, kill -9 it once ``after`` models have been written, and wait for it to die."""
    command = [DBT, *args, "--profiles-dir", str(project), "--project-dir", str(project)]
    command += ["--target-path", f"target/{database.stem}"]
    process = subprocess.Popen(
        command,
        cwd=project,
        env={**os.environ, "CW_DUCKDB_PATH": str(database), **env},
        stdout=subprocess.PIPE,
        text=True,
    )
    written = 0
    for line in process.stdout:
        written += " OK created " in line
        if written >= after:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.stdout.close()
    assert process.wait() == -signal.SIGKILL, "dbt finished before it could be killed"


def test_a_day_run_killed_midway_then_run_again_changes_nothing(project, incremental, full_refresh):
    day = DAYS[-1]
    _killed_midway(project, incremental, ["run"], partition_env(day, day + timedelta(days=1)), 20)
    _run_day(project, incremental, day)
    _assert_marts_equal(read_marts(incremental), full_refresh)


def test_a_full_build_killed_midway_then_run_again_equals_an_uninterrupted_one(
    project, incremental, full_refresh
):
    database = project / "warehouse" / "killed.duckdb"
    shutil.copyfile(incremental, database)
    _killed_midway(project, database, ["run", "--full-refresh"], {}, 30)
    _dbt(project, database, ["run", "--full-refresh"])
    _assert_marts_equal(read_marts(database), full_refresh)


def test_relanding_a_day_with_other_content_replaces_its_rows(project, incremental):
    """The collector delivers a received day again, other content in the same file names (here:
    the generator with another seed for that day): running that day again must give the marts
    of a full refresh over the new files, not the old rows plus the new ones."""
    day = DAYS[2]
    before = _landed_rows(incremental, day)
    generate_landing(project / "landing", replace(CONFIG, seed=12), received_dates=[day])
    _run_day(project, incremental, day)
    relanded = project / "warehouse" / "relanded_full.duckdb"
    _seed(project, relanded)
    _dbt(project, relanded, ["run", "--full-refresh"])
    _assert_marts_equal(read_marts(incremental), read_marts(relanded))
    after = _landed_rows(incremental, day)
    assert before != after and 0.5 * before[1] < after[1] < 1.5 * before[1], (before, after)


def _landed_rows(database: Path, day: date) -> tuple:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            "select rows_in_files, landed_rows, is_balanced from rpt_landing_reconciliation_daily"
            " where received_date = ?",
            [day],
        ).fetchone()


def _land(project: Path, day: str, events: list[dict]) -> None:
    folder = project / "landing" / "events" / f"received_date={day}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "collector.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))


def _event(event_id: str, name: str, at: str, received: str, device: str, **extra: str) -> dict:
    return {
        "event_id": event_id,
        "event_name": name,
        "event_at": at,
        "received_at": received,
        "anonymous_id": device,
        "page_url": "https://www.example-shop.com/p/trail-shoe",
        "device_category": "desktop",
        **extra,
    }


# A readable story over three received days. Day 1: device d1 arrives from an email campaign and
# buys anonymously (its person is d1). Day 2: d1 comes back and signs in as u1, so its person,
# and the purchase's attribution journey, move to u1. Day 3: a late event of day 1 lands inside
# the first session, and the purchase is redelivered (a duplicate).
STORY = {
    "2026-05-01": [
        _event("e1", "page_view", "2026-05-01 10:00:00", "2026-05-01 10:00:01", "d1",
               page_url="https://www.example-shop.com/p/trail-shoe?utm_source=newsletter"
               "&utm_medium=email&utm_campaign=spring"),
        _event("e2", "purchase", "2026-05-01 10:05:00", "2026-05-01 10:05:01", "d1",
               properties='{"value": 50, "order_id": "o1"}'),
        _event("e3", "page_view", "2026-05-01 11:00:00", "2026-05-01 11:00:01", "d2",
               user_id="u2"),
    ],
    "2026-05-02": [
        _event("e4", "page_view", "2026-05-02 09:00:00", "2026-05-02 09:00:01", "d1",
               user_id="u1"),
        _event("e5", "purchase", "2026-05-02 09:10:00", "2026-05-02 09:10:01", "d1",
               user_id="u1", properties='{"value": 20, "order_id": "o2"}'),
    ],
    "2026-05-03": [
        _event("e6", "page_view", "2026-05-01 10:02:00", "2026-05-03 08:00:00", "d1"),
        _event("e2", "purchase", "2026-05-01 10:05:00", "2026-05-03 08:00:01", "d1",
               properties='{"value": 50, "order_id": "o1"}'),
    ],
}  # fmt: skip


def test_sign_in_and_late_events_day_by_day_equal_full_refresh(tmp_path):
    """Day 2's run is stopped once the devices are stitched (d1 now belongs to u1), then again
    once the attribution journey touches are built (the funnel models and the journey paths
    not), then run whole: it must still rebuild d1's former person, whose funnel journeys and
    attribution journeys move to u1, although int_devices_stitched no longer names d1 as its
    former person."""
    project = copy_project(tmp_path)
    for day, events in STORY.items():
        _land(project, day, events)
    full, incremental = project / "warehouse" / "full.duckdb", project / "warehouse" / "inc.duckdb"
    _seed(project, full, incremental)
    _dbt(project, full, ["run", "--full-refresh"])
    for day in STORY:
        if day == "2026-05-02":
            stopped = partition_env(date(2026, 5, 2), date(2026, 5, 3))
            # the journal keeps d1; the second stopped run adds u1, d1's person before it
            for last_model, journal in [
                ("int_devices_stitched", ["d1"]),
                ("int_attribution_journey_touches", ["d1", "u1"]),
            ]:
                _dbt(project, incremental, ["run", "--select", f"+{last_model}"], stopped)
                assert _persons_journal(incremental) == journal, f"stopped after {last_model}"
        _run_day(project, incremental, date.fromisoformat(day))
    assert _persons_journal(incremental) == [], "a finished run empties the journal"
    marts = read_marts(full)
    # The hand-computed story: two purchases of person u1, the first credited to Email (its only
    # touch), the redelivery counted as a duplicate, the late event inside the first session.
    # received day, landed rows (the eighth column, after the collector and the files' counts)
    assert [(row[0], row[7]) for row in marts["rpt_landing_reconciliation_daily"]] == [
        (date(2026, 5, 1), 3),
        (date(2026, 5, 2), 2),
        (date(2026, 5, 3), 2),
    ]
    with duckdb.connect(str(full), read_only=True) as connection:
        purchases = connection.execute(
            "select person_id, count(*) from fct_goal_hits where goal_id = 'purchase' group by 1"
        ).fetchall()
        first_session_events = connection.execute(
            "select events from fct_sessions where anonymous_id = 'd1' order by started_at"
        ).fetchall()
        email_credit = connection.execute(
            "select credit from fct_attribution_credits where model = 'last_touch'"
            " and channel = 'Email' and converted_at = '2026-05-01 10:05:00'"
        ).fetchall()
    assert purchases == [("u1", 2)]
    assert first_session_events[0] == (3,)
    assert email_credit == [(1.0,)]
    _assert_marts_equal(read_marts(incremental), marts)


def _counted_purchases(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            "select anonymous_id, order_id, value from fct_goal_hits where goal_id = 'purchase'"
        ).fetchall()


def _journal(
    database: Path, sql: str = "select anonymous_id from int_devices_affected_for_goals"
) -> list[str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return sorted(row[0] for row in connection.execute(sql).fetchall())


def _persons_journal(database: Path) -> list[str]:
    return _journal(database, "select person_id from int_persons_before_stitching")


# One order bought on two devices. Day 1: device d3 buys order o9 (value 30). Day 2 brings a late
# purchase of the same order on device d4, five minutes earlier: the order's earliest hit, d4's,
# counts, and d3's no longer does, although day 2 holds no event of d3. Then day 2 is landed again
# without d4's purchase (d6's page view instead): d3's hit counts again.
ORDER_DAYS = {
    "day_1": [
        _event("e11", "page_view", "2026-05-01 10:00:00", "2026-05-01 10:00:01", "d3"),
        _event("e12", "purchase", "2026-05-01 10:05:00", "2026-05-01 10:05:01", "d3",
               properties='{"value": 30, "order_id": "o9"}'),
    ],
    "day_2": [
        _event("e13", "page_view", "2026-05-01 09:55:00", "2026-05-02 08:00:00", "d4"),
        _event("e14", "purchase", "2026-05-01 10:00:00", "2026-05-02 08:00:01", "d4",
               properties='{"value": 30, "order_id": "o9"}'),
    ],
    "day_2_again": [
        _event("e15", "page_view", "2026-05-02 12:00:00", "2026-05-02 12:00:01", "d6"),
    ],
}  # fmt: skip


def test_an_order_moving_between_devices_recounts_both_even_after_a_stopped_run(tmp_path):
    """The batch of devices whose goal counts move holds the devices sharing an order with the
    day's devices, found from their hits after and before the run; a run stopped after
    int_goal_hits_counted keeps that batch (a journal) for the next run, which would otherwise
    find int_goal_hits_counted already moved and leave fct_goal_hits of the other device stale."""
    project = copy_project(tmp_path)
    _land(project, "2026-05-01", ORDER_DAYS["day_1"])
    _land(project, "2026-05-02", ORDER_DAYS["day_2"])
    full, incremental = project / "warehouse" / "full.duckdb", project / "warehouse" / "inc.duckdb"
    _seed(project, full, incremental)
    day_1, day_2 = date(2026, 5, 1), date(2026, 5, 2)
    _run_day(project, incremental, day_1)
    assert _counted_purchases(incremental) == [("d3", "o9", 30.0)]
    _run_day(project, incremental, day_2)
    assert _counted_purchases(incremental) == [("d4", "o9", 30.0)]
    assert _journal(incremental) == [], "a finished run empties the journal"

    _land(project, "2026-05-02", ORDER_DAYS["day_2_again"])
    # The run stops after int_goal_hits_counted: d4's purchase is withdrawn and d3's counts there,
    # but not yet in fct_goal_hits.
    _dbt(
        project,
        incremental,
        ["run", "--select", "+int_goal_hits_counted"],
        partition_env(day_2, day_2 + timedelta(days=1)),
    )
    assert _journal(incremental) == ["d3", "d4", "d6"]
    assert _counted_purchases(incremental) == [("d4", "o9", 30.0)]
    _run_day(project, incremental, day_2)
    assert _counted_purchases(incremental) == [("d3", "o9", 30.0)]
    assert _journal(incremental) == []
    _dbt(project, full, ["run", "--full-refresh"])
    _assert_marts_equal(read_marts(incremental), read_marts(full))
