"""End to end: generate a small sample, run the Dagster job in-process for two daily
partitions, and check the marts against the generator's own accounting and the invariants."""

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tools.demo.summary import ATTRIBUTION_MODELS
from tools.sample_events import GeneratorConfig, generate_landing

START, END = date(2026, 3, 1), date(2026, 3, 5)
# The first three received days are landed beforehand (history); the job then lands and builds
# the last two, so that late events and redeliveries of earlier days' events arrive in them.
HISTORY = [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)]
PARTITIONS = ["2026-03-04", "2026-03-05"]
CONFIG = GeneratorConfig(start_date=START, end_date=END, seed=7, visitors_per_day=150)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Run daily_warehouse_build for two partitions; yield (database, results by partition)."""
    from orchestration.definitions import defs

    root = tmp_path_factory.mktemp("e2e")
    database = root / "warehouse" / "cw.duckdb"
    results = {}
    generate_landing(root / "landing", CONFIG, received_dates=HISTORY)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "CW_LANDING_PATH": str(root / "landing"),
            "CW_DUCKDB_PATH": str(database),
            "CW_MARTS_DUCKDB_PATH": str(root / "warehouse" / "cw_marts.duckdb"),
            "CW_SERVING": "off",
            "CW_DUCKDB_TEMP_DIRECTORY": str(root / "warehouse" / "tmp"),
            "CW_DEMO_START_DATE": START.isoformat(),
            "CW_DEMO_END_DATE": END.isoformat(),
            "CW_DEMO_VISITORS_PER_DAY": str(CONFIG.visitors_per_day),
            "CW_DEMO_SEED": str(CONFIG.seed),
        }.items():
            patch.setenv(name, value)
        job = defs.resolve_job_def("daily_warehouse_build")
        for partition in PARTITIONS:
            result = job.execute_in_process(partition_key=partition, raise_on_error=False)
            assert result.success, f"partition {partition} failed"
            with duckdb.connect(str(database), read_only=True) as connection:
                results[partition] = connection.execute(
                    "select received_date, landed_rows, clean_events, duplicate_rows,"
                    " quarantined_rows from rpt_landing_reconciliation_daily order by 1"
                ).fetchall()
                results[f"{partition} journals"] = connection.execute(
                    "select (select count(*) from int_devices_affected_for_goals),"
                    " (select count(*) from int_persons_before_stitching)"
                ).fetchone()
    yield database, results


@pytest.fixture(scope="module")
def expected_accounting(tmp_path_factory):
    """The generator's own accounting for the same sample (it is deterministic)."""
    summary = generate_landing(tmp_path_factory.mktemp("expected"), CONFIG)
    return summary.days


def _query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_each_partition_sees_only_what_was_received_by_then(warehouse):
    _, results = warehouse
    assert [row[0] for row in results["2026-03-04"]] == [*HISTORY, date(2026, 3, 4)]
    assert [row[0] for row in results["2026-03-05"]] == [*HISTORY, date(2026, 3, 4), END]


def test_each_run_of_the_job_empties_the_batch_journals(warehouse):
    """The received-day step builds every model reading int_devices_affected_for_goals and
    int_persons_before_stitching, so its on-run-end hook empties both journals (docs/decisions/
    0027, 0029): the next day starts from its own devices and persons, not from those of every
    day before."""
    _, results = warehouse
    assert [results[f"{partition} journals"] for partition in PARTITIONS] == [(0, 0), (0, 0)]


def test_reconciliation_matches_the_generator(warehouse, expected_accounting):
    database, _ = warehouse
    rows = _query(
        database,
        "select received_date, landed_rows, clean_events, duplicate_rows, quarantined_rows,"
        " late_arrival_rows, clock_skew_rows, missing_required_rows,"
        " unparseable_timestamp_rows, bad_properties_rows, is_balanced"
        " from rpt_landing_reconciliation_daily order by 1",
    )
    assert len(rows) == 5
    # The sample holds every kind of row, so the comparison below cannot pass vacuously.
    assert sum(expected_accounting[row[0]].late_events for row in rows) > 0
    assert sum(expected_accounting[row[0]].duplicate_rows for row in rows) > 0
    assert sum(expected_accounting[row[0]].malformed_total for row in rows) > 0
    for (
        received,
        landed,
        clean,
        duplicates,
        quarantined,
        late,
        skew,
        missing,
        bad_ts,
        bad_props,
        ok,
    ) in rows:
        expected = expected_accounting[received]
        malformed = expected.malformed_rows
        assert ok
        assert landed == clean + duplicates + quarantined
        assert landed == expected.rows_written
        assert duplicates == expected.duplicate_rows
        assert clean == expected.good_events
        assert late == expected.too_late_events
        assert skew == malformed["clock_skew"]
        assert bad_props == malformed["properties_not_object"]
        assert bad_ts == malformed["unparseable_event_at"]
        assert missing == (
            malformed["missing_event_id"]
            + malformed["missing_anonymous_id"]
            + malformed["missing_event_name"]
        )


def test_every_event_in_exactly_one_session(warehouse):
    database, _ = warehouse
    (clean, sessionized, distinct, in_sessions) = _query(
        database,
        "select (select count(*) from stg_landing__events),"
        " (select count(*) from int_events_sessionized),"
        " (select count(distinct event_id) from int_events_sessionized),"
        " (select sum(events) from fct_sessions)",
    )[0]
    assert clean > 1000
    assert clean == sessionized == distinct == in_sessions


def test_sessions_of_a_device_never_overlap(warehouse):
    database, _ = warehouse
    overlaps = _query(
        database,
        "select count(*) from (select started_at, lag(ended_at) over (partition by anonymous_id"
        " order by started_at) as previous_end from fct_sessions) where started_at < previous_end",
    )[0][0]
    assert overlaps == 0


def test_sessions_span_many_channels_and_bots_are_flagged(warehouse):
    database, _ = warehouse
    channels = _query(database, "select count(distinct channel) from fct_sessions")[0][0]
    assert channels >= 8
    bots = _query(database, "select count(*) from fct_sessions where is_bot")[0][0]
    assert bots > 0


def test_no_raw_ip_reaches_a_mart(warehouse):
    database, _ = warehouse
    last_octets = _query(
        database,
        "select count(*) from quarantined_events where ip_address like '%.%'"
        " and ip_address not like '%.0'",
    )[0][0]
    assert last_octets == 0


def test_every_goal_hit_belongs_to_a_non_bot_session(warehouse):
    database, _ = warehouse
    hits, orphans, on_bots = _query(
        database,
        "select count(*), count(*) filter (where sessions.session_id is null),"
        " count(*) filter (where sessions.is_bot)"
        " from fct_goal_hits as hits left join fct_sessions as sessions"
        " on hits.session_id = sessions.session_id",
    )[0]
    assert hits > 0
    assert orphans == 0
    assert on_bots == 0


def test_once_per_session_goals_hit_at_most_once_per_session(warehouse):
    database, _ = warehouse
    repeated = _query(
        database,
        "select count(*) from (select hits.goal_id, hits.session_id from fct_goal_hits as hits"
        " inner join int_goals_validated as goals on hits.goal_id = goals.goal_id"
        " where goals.counting = 'once_per_session' group by 1, 2 having count(*) > 1)",
    )[0][0]
    assert repeated == 0


def test_purchases_count_each_order_once(warehouse):
    database, _ = warehouse
    orders, purchases = _query(
        database,
        "select count(distinct order_id), count(*) from fct_goal_hits where goal_id = 'purchase'",
    )[0]
    assert purchases > 0
    assert orders == purchases


def test_session_conversion_facts_add_up(warehouse):
    database, _ = warehouse
    from_sessions, from_hits = _query(
        database,
        "select (select sum(macro_goal_hits) + sum(micro_goal_hits) from fct_sessions),"
        " (select count(*) from fct_goal_hits)",
    )[0]
    assert from_sessions == from_hits


def test_lift_counts_add_up_to_the_totals(warehouse):
    database, _ = warehouse
    sessions, converted = _query(
        database,
        "select count(*), count(*) filter (where has_macro_conversion)"
        " from fct_sessions where not is_bot",
    )[0]
    persons = _query(
        database, "select count(distinct person_id) from fct_sessions where not is_bot"
    )[0][0]
    rows = _query(
        database,
        "select scope, goal_id, units_with_goal + units_without_goal,"
        " conversions_with_goal + conversions_without_goal"
        " from rpt_micro_conversion_lift where channel = '(all)'",
    )
    assert rows
    for scope, goal, units, conversions in rows:
        if scope == "session":
            assert (units, conversions) == (sessions, converted), goal
        else:
            assert units == persons, goal
    by_channel = _query(
        database,
        "select scope, goal_id, sum(units_with_goal + units_without_goal)"
        " from rpt_micro_conversion_lift where channel != '(all)' group by 1, 2",
    )
    for scope, goal, units in by_channel:
        assert units == (sessions if scope == "session" else persons), goal


def test_goals_daily_sessions_match_fct_sessions(warehouse):
    database, _ = warehouse
    report, hits = _query(
        database,
        "select (select sum(sessions) from rpt_goals_daily where goal_id = 'purchase'),"
        " (select sum(goal_hits) from rpt_goals_daily)",
    )[0]
    sessions, goal_hits = _query(
        database,
        "select (select count(*) from fct_sessions where not is_bot),"
        " (select count(*) from fct_goal_hits)",
    )[0]
    assert (report, hits) == (sessions, goal_hits)


def test_funnels_reach_never_grows_and_steps_are_in_time_order(warehouse):
    database, _ = warehouse
    rows = _query(
        database,
        "select funnel_id, step_number, reached from rpt_funnel_overview"
        " where entry = 'closed' order by 1, 2",
    )
    assert {row[0] for row in rows} == {"purchase", "cart_to_checkout"}
    previous = {}
    for funnel, _, reached in rows:
        assert reached <= previous.get(funnel, reached)
        previous[funnel] = reached
    assert previous["purchase"] > 0
    disordered = _query(
        database,
        "select count(*) from (select reached_at, lag(reached_at) over (partition by journey_id"
        " order by step_number) as previous_at from fct_funnel_steps)"
        " where reached_at < previous_at",
    )[0][0]
    assert disordered == 0


def test_funnels_daily_adds_up_to_overview(warehouse):
    database, _ = warehouse
    daily, overview = _query(
        database,
        "select (select sum(reached) from rpt_funnel_daily),"
        " (select sum(reached) from rpt_funnel_overview)",
    )[0]
    assert daily == overview


def test_funnel_breakdowns_add_up_to_overview(warehouse):
    """Each breakdown dimension counts every journey once: per funnel x dimension x step, the
    sums over days and values of entrants, excluded entrants and reached are the overview's; and
    entrants = counted + excluded on every row of the three funnel reports."""
    database, _ = warehouse
    joined, mismatched = _query(
        database,
        "select count(*), count(case when breakdowns.entrants != overview.entrants"
        " or breakdowns.excluded != overview.excluded_entrants"
        " or breakdowns.reached != overview.reached then 1 end)"
        " from (select funnel_id, breakdown_dimension, step_number, sum(entrants) as entrants,"
        " sum(excluded_entrants) as excluded, sum(reached) as reached"
        " from rpt_funnel_breakdown_daily group by 1, 2, 3) as breakdowns"
        " inner join rpt_funnel_overview as overview"
        " on breakdowns.funnel_id = overview.funnel_id"
        " and breakdowns.step_number = overview.step_number",
    )[0]
    entered = "select count(*) from rpt_funnel_overview where entrants > 0"
    overview_rows = _query(database, entered)[0][0]
    assert joined == 4 * overview_rows and mismatched == 0
    for report in ("rpt_funnel_daily", "rpt_funnel_overview", "rpt_funnel_breakdown_daily"):
        unbalanced = _query(
            database,
            f"select count(*) from {report} where entrants != counted_entrants + excluded_entrants",
        )[0][0]
        assert unbalanced == 0, report


def test_every_conversion_is_credited_once_under_every_model(warehouse):
    database, _ = warehouse
    conversions, value = _query(
        database, "select count(*), sum(value) from fct_goal_hits where tier = 'macro'"
    )[0]
    assert conversions > 0
    rows = _query(
        database,
        "select model, count(distinct conversion_id), sum(credit), sum(revenue_credit),"
        " max(abs(total - 1)) from (select *, sum(credit) over (partition by conversion_id,"
        " model) as total from fct_attribution_credits) group by model",
    )
    assert {row[0] for row in rows} == set(ATTRIBUTION_MODELS)
    for model, credited, credit, revenue, worst in rows:
        assert credited == conversions, model
        assert credit == pytest.approx(conversions), model
        assert revenue == pytest.approx(value), model
        assert worst < 1e-9, model


def test_attribution_reports_add_up(warehouse):
    database, _ = warehouse
    conversions, value = _query(
        database, "select count(*), sum(value) from fct_goal_hits where tier = 'macro'"
    )[0]
    for sql in [
        "select sum(conversions), sum(revenue) from rpt_attribution_daily where model = 'linear'",
        "select sum(conversions), sum(conversion_value) from rpt_conversion_paths",
        "select sum(conversions), sum(conversion_value) from rpt_path_length",
        "select sum(conversions), sum(conversion_value) from rpt_time_lag",
        "select sum(last_touch_conversions), sum(last_touch_value) from rpt_assisted_conversions",
    ]:
        total, total_value = _query(database, sql)[0]
        assert total == pytest.approx(conversions), sql
        assert total_value == pytest.approx(value), sql
    longest_lag = _query(database, "select max(days_to_conversion) from rpt_time_lag")[0][0]
    assert 0 <= longest_lag <= 30


def test_attribution_spend_is_every_landed_spend_row(warehouse):
    database, _ = warehouse
    landed = _query(
        database,
        "select sum(cast(spend as double)) from read_csv("
        f"'{database.parent.parent / 'landing' / 'spend' / '*.csv'}', all_varchar = true)",
    )[0][0]
    reported = _query(database, "select sum(spend) from fct_marketing_spend_daily")[0][0]
    roas_rows, goals, keys = _query(
        database,
        "select count(roas), count(distinct goal_id),"
        " count(distinct (conversion_date, channel, campaign))"
        " from rpt_attribution_daily where model = 'markov' and roas is not null",
    )[0]
    assert landed > 0
    assert reported == pytest.approx(landed)
    # every spend key has a row with a ROAS for every attribution goal (0 without conversion)
    spend_keys = _query(database, "select count(*) from fct_marketing_spend_daily")[0][0]
    assert (roas_rows, goals, keys) == (spend_keys * 2, 2, spend_keys)


def test_markov_credits_the_channel_the_generator_favours(warehouse):
    """The generator gives Email the highest purchase probability per visit and Display the
    lowest: per journey that touched it, Email must get more Markov credit than Display."""
    database, _ = warehouse
    rows = {
        channel: (journeys, markov, removal_effect)
        for channel, journeys, markov, removal_effect in _query(
            database,
            "select channel, journeys, markov_conversions, removal_effect"
            " from rpt_attribution_channel_effects where goal_id = 'purchase'",
        )
    }
    email, display = rows["Email"], rows["Display"]
    assert email[1] / email[0] > display[1] / display[0]
    assert email[1] > display[1]
    assert email[2] > display[2]


def test_the_job_publishes_the_marts(warehouse):
    """The job's published_marts step wrote the marts-only file (PostgreSQL is off here)."""
    database, _ = warehouse
    with duckdb.connect(str(database.parent / "cw_marts.duckdb"), read_only=True) as marts_file:
        assert marts_file.execute("select origin from cw_publication").fetchall() == [("dagster",)]
        published = marts_file.execute("select count(*) from fct_sessions").fetchone()
    assert published == _query(database, "select count(*) from fct_sessions")[0]
    assert json.loads((database.parent / "publication.json").read_text())["postgres"] == "off"


def test_every_mart_and_built_column_is_described(warehouse):
    """Every model under models/marts, and every column of its built relation, has a
    description in YAML, and no description is cut short (one once ended "Of those")."""
    from orchestration.dbt_resources import dbt_project

    database, _ = warehouse
    manifest = json.loads(dbt_project.manifest_path.read_text())
    marts = {
        node["alias"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
    }
    built = {}
    for relation, column in _query(
        database,
        "select table_name, column_name from information_schema.columns"
        " where table_schema = current_schema()",
    ):
        built.setdefault(relation, []).append(column)
    problems = []
    for name, node in sorted(marts.items()):
        texts = {"(model)": node["description"]}
        documented = node["columns"]
        if name not in built:
            problems.append(f"{name}: not built")
        for column in built.get(name, []):
            texts[column] = documented.get(column, {}).get("description", "")
        for column, text in texts.items():
            text = " ".join(text.split())
            # shorter than a sentence, or ending in the middle of one (no full stop or closing
            # bracket, or on a word that starts a clause)
            cut = (
                len(text) < 15
                or not text.endswith((".", ")", '"', "`"))
                or text.endswith((" of.", " those.", " the.", " a.", " and.", " or."))
            )
            if cut:
                problems.append(f"{name}.{column}: {text!r}")
    assert len(marts) > 20
    assert not problems, "\n".join(problems)
