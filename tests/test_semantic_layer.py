"""The semantic layer answers each metric by name with the marts' own numbers.

One small warehouse (three generated days, 5 to 7 March, and the hand-written purchases and
spend files of tests/test_values_and_spend.py on 2 and 3 March) is built once; the real `mf`
CLI of this environment then answers every metric, grouped by its dimensions, and each answer is
compared with SQL over the marts (1e-9). On the hand-written days the ROAS is checked against
figures computed by hand, and a query-level filter on goal is shown to fail against spend (the
reason ROAS and cost per conversion are metrics per goal: docs/metrics.md).
"""

import csv
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_project, run_dbt
from tests.test_values_and_spend import EXCHANGE_RATES, SPEND_FILES, _land_purchases
from tools.sample_events import GeneratorConfig, generate_landing

MF = str(Path(sys.executable).with_name("mf"))
CONFIG = GeneratorConfig(
    start_date=date(2026, 3, 5), end_date=date(2026, 3, 7), seed=7, visitors_per_day=80
)
# The hand-written spend files without the one of bad rows: per date x channel x campaign, EUR
HAND_SPEND = {
    ("2026-03-02", "Paid Search", "brand"): 12.50,
    ("2026-03-02", "Paid Search", "generic"): 10 * 0.9,
    ("2026-03-02", "Display", "prospecting"): 4.0,
    ("2026-03-02", "Display", "retargeting"): 1.5,
    ("2026-03-03", "Paid Search", "brand"): 7.25,
    ("2026-03-03", "Display", "retargeting"): 2.0,
}


@pytest.fixture(scope="module")
def semantic_warehouse(tmp_path_factory):
    """Build every model once (no data tests); yield (project directory, environment)."""
    project = copy_project(tmp_path_factory.mktemp("semantic"))
    generate_landing(project / "landing", CONFIG)
    _land_purchases(project)
    spend = project / "landing" / "spend"
    spend.mkdir(exist_ok=True)
    for name in ("good.csv", "currencies.csv"):
        (spend / name).write_text(SPEND_FILES[name])
    (project / "seeds" / "exchange_rates.csv").write_text(EXCHANGE_RATES)
    env = {
        "CW_DUCKDB_PATH": str(project / "warehouse" / "w.duckdb"),
        "CW_LANDING_PATH": str(project / "landing"),
        "CW_PUBLISH_ON_RUN_END": "true",  # mf reads the published marts-only file
    }
    result = run_dbt(
        project, ["build", "--exclude", "resource_type:test", "resource_type:unit_test"], env
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert (project / "target" / "semantic_manifest.json").exists()
    yield project, env


def _mf(project: Path, env: dict[str, str], args: list[str]) -> subprocess.CompletedProcess:
    # mf finds the dbt project and profiles.yml in its working directory; the target `metrics`
    # reads the published marts-only file, never the warehouse file the build writes
    return subprocess.run(
        [MF, *args],
        cwd=project,
        env={**os.environ, **env, "CW_DBT_TARGET": "metrics"},
        capture_output=True,
        text=True,
        check=False,
    )


def _ask(semantic_warehouse, metrics: list[str], group_by: list[str], *extra: str) -> dict:
    """{group-by values: metric values} as `mf query --csv` answers (None for an empty cell)."""
    project, env = semantic_warehouse
    out = project / "answer.csv"
    result = _mf(
        project,
        env,
        [
            "query",
            "--metrics",
            ",".join(metrics),
            "--group-by",
            ",".join(group_by),
            *extra,
            "--csv",
            str(out),
        ],
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    with out.open(newline="") as file:
        rows = list(csv.DictReader(file))
    answer = {}
    for row in rows:
        key = tuple(
            row[name][:10] if name.startswith("metric_time") else row[name] for name in group_by
        )
        assert key not in answer, key
        answer[key] = tuple(float(row[name]) if row[name] else None for name in metrics)
    return answer


def _sql(semantic_warehouse, sql: str, keys: int) -> dict:
    """{key columns: value columns} of a query whose first `keys` columns are the key."""
    _, env = semantic_warehouse
    with duckdb.connect(env["CW_DUCKDB_PATH"], read_only=True) as connection:
        rows = connection.execute(sql).fetchall()
    return {
        tuple(str(value) for value in row[:keys]): tuple(
            None if value is None else float(value) for value in row[keys:]
        )
        for row in rows
    }


def _assert_same(answer: dict, expected: dict) -> None:
    assert answer.keys() == expected.keys()
    for key, values in expected.items():
        for found, wanted in zip(answer[key], values, strict=True):
            if wanted is None:
                assert found is None, key
            else:
                assert found == pytest.approx(wanted, rel=1e-9, abs=1e-9), key
    assert expected


def test_the_semantic_manifest_validates_against_the_warehouse(semantic_warehouse):
    project, env = semantic_warehouse
    # A build holding the warehouse file (one writer) does not stop mf: it reads the marts file.
    with duckdb.connect(env["CW_DUCKDB_PATH"]):
        result = _mf(project, env, ["validate-configs"])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Successfully validated metrics against data warehouse" in output
    assert "ERRORS: 0, FUTURE_ERRORS: 0, WARNINGS: 0" in output
    listed = _mf(project, env, ["list", "metrics"])
    assert listed.returncode == 0, listed.stderr[-2000:]
    for metric in ["sessions", "bounce_rate", "goal_conversion_rate", "roas", "cost_per_purchase"]:
        assert f"{metric}:" in listed.stdout, metric


def test_session_metrics_by_every_dimension(semantic_warehouse):
    group_by = [
        "metric_time__day",
        "channel",
        "session__source",
        "session__medium",
        "campaign",
        "device_category",
        "session__country",
    ]
    metrics = ["sessions", "engaged_session_rate", "bounce_rate", "micro_conversion_rate"]
    answer = _ask(semantic_warehouse, metrics, group_by)
    expected = _sql(
        semantic_warehouse,
        """
        select
            cast(session_date as varchar), channel, source, medium, campaign,
            coalesce(device_category, '(not set)'), coalesce(country, '(not set)'),
            count(*) filter (where not is_bot),
            count(*) filter (where is_engaged and not is_bot)
                / nullif(count(*) filter (where not is_bot), 0),
            count(*) filter (where not is_engaged and not is_bot)
                / nullif(count(*) filter (where not is_bot), 0),
            count(*) filter (where micro_goal_hits > 0 and not is_bot)
                / nullif(count(*) filter (where not is_bot), 0)
        from fct_sessions
        group by all
        """,
        keys=7,
    )
    _assert_same(answer, expected)


def test_goal_metrics_by_goal(semantic_warehouse):
    answer = _ask(
        semantic_warehouse,
        ["goal_conversion_rate"],
        ["metric_time__day", "goal", "channel", "device_category"],
    )
    expected = _sql(
        semantic_warehouse,
        "select cast(session_date as varchar), goal_id, channel, device_category,"
        " sum(sessions_with_hit) / nullif(sum(sessions), 0) from rpt_goals_daily group by all",
        keys=4,
    )
    _assert_same(answer, expected)
    group_by = ["metric_time__day", "goal", "channel", "session__campaign", "session__country"]
    answer = _ask(semantic_warehouse, ["macro_revenue", "goal_hits"], group_by)
    expected = _sql(
        semantic_warehouse,
        "select cast(hits.hit_date as varchar), hits.goal_id, hits.channel, sessions.campaign,"
        " coalesce(sessions.country, '(not set)'),"
        " sum(case when hits.tier = 'macro' then coalesce(hits.value, 0) end), count(*)"
        " from fct_goal_hits as hits"
        " inner join fct_sessions as sessions on hits.session_id = sessions.session_id"
        " group by all",
        keys=5,
    )
    _assert_same(answer, expected)


def test_funnel_completion_rate_by_funnel(semantic_warehouse):
    answer = _ask(
        semantic_warehouse,
        ["funnel_completion_rate"],
        ["metric_time__day", "funnel", "channel", "device_category"],
    )
    expected = _sql(
        semantic_warehouse,
        "select cast(entry_date as varchar), funnel_id, entry_channel, entry_device_category,"
        " sum(case when is_last_step then reached else 0 end)"
        " / nullif(sum(case when step_number = 1 then counted_entrants else 0 end), 0)"
        " from rpt_funnel_daily group by all",
        keys=4,
    )
    _assert_same(answer, expected)


def test_roas_and_cost_per_conversion_by_day_channel_and_campaign(semantic_warehouse):
    metrics = ["roas", "cost_per_purchase", "cost_per_conversion", "spend"]
    for group_by in (["metric_time__day", "channel"], ["metric_time__day", "channel", "campaign"]):
        answer = _ask(semantic_warehouse, metrics, group_by)
        keys = ", ".join(group_by).replace("metric_time__day", "day")
        # the markov rows of the attribution mart, spend from the spend fact (once), each
        # summed on its own and joined on the group-by
        expected = _sql(
            semantic_warehouse,
            f"""
            with credited as (
                select
                    cast(conversion_date as varchar) as day, channel, campaign,
                    sum(revenue) filter (where goal_id = 'purchase') as purchase_revenue,
                    sum(conversions) filter (where goal_id = 'purchase') as purchases,
                    sum(conversions) as conversions
                from rpt_attribution_daily
                where model = 'markov'
                group by all
            ),
            spent as (
                select cast(spend_date as varchar) as day, channel, campaign, spend
                from fct_marketing_spend_daily
            ),
            credited_by as (
                select {keys}, sum(purchase_revenue) as purchase_revenue,
                    sum(purchases) as purchases, sum(conversions) as conversions
                from credited group by all
            ),
            spent_by as (select {keys}, sum(spend) as spend from spent group by all)
            select {keys},
                purchase_revenue / nullif(spend, 0),
                spend / nullif(purchases, 0),
                spend / nullif(conversions, 0),
                spend
            from credited_by full outer join spent_by using ({keys})
            """,
            keys=len(group_by),
        )
        _assert_same(answer, expected)


def test_roas_per_channel_by_hand(semantic_warehouse):
    """2 and 3 March hold only the hand-written rows: three purchases each of Direct (40 EUR
    of usable value) and of Paid Search, campaign brand (10 USD = 9 EUR), and six spend rows."""
    days = ["--start-time", "2026-03-02", "--end-time", "2026-03-03"]
    metrics = ["roas", "cost_per_purchase", "spend", "macro_revenue", "roas_demo_request"]
    answer = _ask(semantic_warehouse, metrics, ["channel"], *days)
    paid_search = 12.50 + 9.0 + 7.25
    display = 4.0 + 1.5 + 2.0
    assert sum(HAND_SPEND.values()) == paid_search + display
    _assert_same(
        answer,
        {
            # ROAS = purchase revenue credited by markov / spend counted once
            ("Paid Search",): (9.0 / paid_search, paid_search / 3, paid_search, 9.0, 0.0),
            ("Display",): (0.0, None, display, None, 0.0),
            # revenue without spend: no ROAS
            ("Direct",): (None, None, None, 40.0, None),
        },
    )
    by_campaign = _ask(
        semantic_warehouse,
        ["roas", "spend"],
        ["metric_time__day", "campaign"],
        *days,
        "--where",
        "{{ Entity('channel') }} = 'Paid Search'",
    )
    _assert_same(
        by_campaign,
        {
            ("2026-03-02", "brand"): (9.0 / 12.50, 12.50),
            ("2026-03-02", "generic"): (0.0, 9.0),
            ("2026-03-03", "brand"): (0.0, 7.25),
        },
    )


def test_a_goal_filter_does_not_reach_spend(semantic_warehouse):
    """MetricFlow applies a query's --where to every input metric: spend has no goal, so the
    query fails instead of filtering the revenue alone (hence one ROAS metric per goal)."""
    project, env = semantic_warehouse
    result = _mf(
        project,
        env,
        [
            "query",
            "--metrics",
            "cost_per_conversion",
            "--group-by",
            "channel",
            "--where",
            "{{ Entity('goal') }} = 'purchase'",
        ],
    )
    output = result.stdout + result.stderr
    assert "does not match any of the available group-by-items" in output, output[-3000:]
    assert "SimpleMetric('spend')" in output
    # the attribution metrics alone take the goal filter
    alone = _ask(
        semantic_warehouse,
        ["attributed_revenue"],
        ["channel"],
        "--start-time",
        "2026-03-02",
        "--end-time",
        "2026-03-03",
        "--where",
        "{{ Entity('goal') }} = 'purchase'",
    )
    assert alone == {("Direct",): (40.0,), ("Paid Search",): (9.0,), ("Display",): (0.0,)}
