"""The marketing report (reporting/) on a marts file written by hand: its numbers, its page.

Each table holds the few columns the report reads and a few rows whose chart data is computed by
hand below; rpt_path_length is empty (its chart is a "no data" note). Headless Chromium renders
the page; a screenshot of each chart goes to warehouse/artefacts/report/.
"""

import json
import math

import duckdb
import pytest

from reporting.__main__ import main
from reporting.build import draw
from reporting.catalog import CHARTS
from tests.chromium import ARTEFACTS, check_report

TABLES = {
    "rpt_funnel_overview": (
        "funnel_id text, funnel_name text, scope text, step_order text, entry text,"
        " step_number integer, step_name text, counted_entrants bigint, reached bigint,"
        " conversion_from_entry double, drop_off bigint, conversion_from_previous_step double,"
        " median_seconds_to_step double, p90_seconds_to_step double",
        [
            (
                "purchase",
                "Purchase",
                "person",
                "ordered",
                "closed",
                1,
                "Product",
                100,
                100,
                1.0,
                0,
                1.0,
                0.0,
                0.0,
            ),
            (
                "purchase",
                "Purchase",
                "person",
                "ordered",
                "closed",
                2,
                "Cart",
                100,
                40,
                0.4,
                60,
                0.4,
                120.0,
                600.0,
            ),
            (
                "purchase",
                "Purchase",
                "person",
                "ordered",
                "closed",
                3,
                "Buy",
                100,
                10,
                0.1,
                30,
                0.25,
                600.0,
                3000.0,
            ),
        ],
    ),
    "rpt_funnel_breakdown_daily": (
        "funnel_name text, breakdown_dimension text, breakdown_value text,"
        " counted_entrants bigint, reached bigint, is_last_step boolean",
        [
            ("Purchase", "device_category", "mobile", 30, 3, True),
            ("Purchase", "device_category", "mobile", 10, 1, True),
            ("Purchase", "device_category", "mobile", 30, 9, False),  # not the last step
            ("Purchase", "device_category", "desktop", 20, 5, True),
            ("Purchase", "channel", "Direct", 60, 9, True),
            ("Purchase", "country", "FR", 60, 9, True),  # not drawn
        ],
    ),
    "rpt_funnel_daily": (
        "entry_date date, funnel_id text, funnel_name text, is_last_step boolean,"
        " counted_entrants bigint, reached bigint",
        [
            ("2026-11-01", "purchase", "Purchase", False, 50, 20),
            ("2026-11-01", "purchase", "Purchase", True, 50, 5),
            ("2026-11-02", "purchase", "Purchase", True, 40, 2),
            ("2026-11-02", "purchase", "Purchase", True, 10, 0),
        ],
    ),
    "rpt_capture_gaps_daily": (
        "session_date date, has_capture_gap boolean, suspected_goal_id text,"
        " distorted_funnel_steps text",
        [
            ("2026-11-01", False, None, "purchase:2"),  # not flagged
            ("2026-11-01", True, "search", "search_to_cart:1"),  # another funnel's
            ("2026-11-02", True, "add_to_cart", "cart_to_checkout:1, purchase:2"),
        ],
    ),
    "rpt_attribution_daily": (
        "channel text, campaign text, goal_id text, model text, conversions double, revenue double",
        [
            ("Paid Search", "brand", "purchase", "markov", 1.0, 50.0),
            ("Paid Search", "brand", "demo_request", "markov", 0.5, 25.0),
            ("Paid Search", "brand", "purchase", "linear", 0.0, 0.0),
            ("Direct", "(direct)", "purchase", "markov", 2.0, 100.0),
            ("Direct", "(direct)", "purchase", "linear", 3.0, 150.0),
        ],
    ),
    "fct_marketing_spend_daily": (
        "channel text, campaign text, spend double",
        [("Paid Search", "brand", 10.0), ("Paid Search", "brand", 15.0), ("Display", "x", 0.0)],
    ),
    "rpt_micro_conversion_lift": (
        "goal_id text, goal_name text, micro_type text, scope text, channel text,"
        " units_with_goal bigint, conversions_with_goal bigint, units_without_goal bigint,"
        " conversions_without_goal bigint, lift double",
        [
            (
                "newsletter",
                "Newsletter",
                "secondary_action",
                "session",
                "(all)",
                50,
                4,
                950,
                76,
                1.0,
            ),
            ("cart", "Cart", "process_milestone", "session", "(all)", 100, 20, 900, 60, 3.0),
            ("video", "Video", "secondary_action", "session", "(all)", 10, 0, 990, 80, 0.0),
            ("cart", "Cart", "process_milestone", "session", "Email", 10, 9, 90, 1, 81.0),
            ("cart", "Cart", "process_milestone", "person", "(all)", 10, 9, 90, 1, 81.0),
        ],
    ),
    "rpt_goals_daily": (
        "session_date date, channel text, tier text, goal_hits bigint, goal_value double",
        [
            ("2026-11-01", "Direct", "macro", 2, 30.0),
            ("2026-11-01", "Direct", "macro", 1, 20.0),
            ("2026-11-01", "Direct", "micro", 9, 9.0),
        ],
    ),
    "rpt_channel_quality_daily": (
        "session_date date, channel text, human_sessions bigint, engaged_session_rate double",
        [("2026-11-01", "Direct", 10, 0.5), ("2026-11-01", "Display", 0, None)],
    ),
    "rpt_traffic_quality_daily": (
        "source text, medium text, campaign text, channel text, sessions bigint,"
        " bot_sessions bigint, human_sessions bigint, engaged_sessions bigint,"
        " macro_conversion_sessions bigint, quality_class text",
        [
            ("google", "cpc", "brand", "Paid Search", 10, 2, 8, 4, 1, "suspect"),
            ("google", "cpc", "brand", "Paid Search", 30, 0, 30, 15, 3, "engaged"),
        ],
    ),
    "rpt_conversion_paths": (
        "goal_id text, path_rank bigint, path text, path_channels bigint, conversions bigint,"
        " share_of_conversions double",
        [("purchase", 1, "Direct", 1, 3, 0.75), ("purchase", 2, "Email > Direct", 2, 1, 0.25)],
    ),
    "rpt_path_length": (
        "goal_id text, touches_in_path bigint, conversions bigint, share_of_conversions double",
        [],
    ),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    marts = folder / "marts.duckdb"
    with duckdb.connect(str(marts)) as connection:
        for table, (columns, rows) in TABLES.items():
            connection.execute(f"create table {table} ({columns})")
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                connection.executemany(f"insert into {table} values ({marks})", rows)
    assert main(["build", "--marts-file", str(marts), "--out", str(folder / "out")]) == 0
    return folder / "out"


def _values(report, chart):
    return json.loads((report / "charts" / f"{chart}.vl.json").read_text())["data"]["values"]


def test_funnel_steps_drop_off_and_breakdown(report):
    steps = {row["step_number"]: row for row in _values(report, "funnel_steps")}
    # step 3: 10 of the 40 at step 2 went on: 30 dropped off, 75%
    assert steps[3]["drop_off"] == 30
    assert steps[3]["drop_off_rate"] == pytest.approx(0.75)
    assert steps[3]["label"] == "10 (10.0% of entry); drop-off 30 (75.0%)"
    assert steps[1]["label"] == "100 (100.0% of entry)"
    times = _values(report, "funnel_time_to_convert")
    assert [(row["step_number"], row["median_minutes_to_step"]) for row in times] == [
        (2, 2.0),
        (3, 10.0),
    ]
    breakdown = {
        (row["breakdown_dimension"], row["breakdown_value"]): row["completion_rate"]
        for row in _values(report, "funnel_breakdown")
    }
    # mobile: 3 + 1 completed of 30 + 10 counted; the country breakdown is not drawn
    assert breakdown == {
        ("device_category", "mobile"): pytest.approx(0.1),
        ("device_category", "desktop"): pytest.approx(0.25),
        ("channel", "Direct"): pytest.approx(0.15),
    }


def test_funnel_trend_marks_the_funnels_capture_gap_days(report):
    days = {row["entry_date"]: row for row in _values(report, "funnel_trend")}
    assert days["2026-11-01"]["completion_rate"] == pytest.approx(5 / 50)
    assert days["2026-11-02"]["completion_rate"] == pytest.approx(2 / 50)
    assert not days["2026-11-01"]["has_capture_gap"]
    assert days["2026-11-02"]["has_capture_gap"]
    assert days["2026-11-02"]["capture_gap_goals"] == "add_to_cart"


def test_attribution_spend_and_roas(report):
    credited = {
        (row["goal_id"], row["channel"], row["model"]): row["conversions"]
        for row in _values(report, "attribution_channels")
    }
    assert credited[("purchase", "Direct", "linear")] == 3.0
    assert ("purchase", "Paid Search", "linear") not in credited  # nothing credited
    roas = {
        (row["level"], row["spent_on"], row["model"]): (row["spend"], row["roas"])
        for row in _values(report, "spend_and_roas")
    }
    # 50 + 25 credited by markov over every goal / 10 + 15 spent; Display spent nothing: no ROAS
    assert roas[("channel", "Paid Search", "markov")] == (25.0, pytest.approx(3.0))
    assert roas[("campaign", "Paid Search / brand", "markov")] == (25.0, pytest.approx(3.0))
    assert roas[("channel", "Paid Search", "linear")] == (25.0, 0.0)
    assert {key[1] for key in roas} == {"Paid Search", "Paid Search / brand"}


def test_lift_ranked_with_its_interval(report):
    lift = _values(report, "micro_conversion_lift")
    assert [row["goal_id"] for row in lift] == ["cart", "newsletter", "video"]
    cart = lift[0]
    # 20 / 100 against 60 / 900: the log-ratio's standard error, a 95% interval around 3
    error = math.sqrt(1 / 20 - 1 / 100 + 1 / 60 - 1 / 900)
    assert cart["lift_lower"] == pytest.approx(3 * math.exp(-1.96 * error))
    assert cart["lift_upper"] == pytest.approx(3 * math.exp(1.96 * error))
    assert 1.88 < cart["lift_lower"] < 1.90 and 4.75 < cart["lift_upper"] < 4.77
    assert lift[2]["lift_lower"] is None  # no conversion with the goal: no interval


def test_trends_traffic_quality_and_paths(report):
    trends = {
        (row["metric"], row["channel"]): row["value"] for row in _values(report, "daily_trends")
    }
    assert trends == {
        ("1. sessions (non-bot)", "Direct"): 10,
        ("2. engaged-session rate", "Direct"): 0.5,
        ("3. conversions (macro goal hits)", "Direct"): 3,
        ("4. revenue (macro goal value)", "Direct"): 50.0,
    }
    [source] = _values(report, "traffic_quality")
    assert source["traffic_source"] == "google / cpc / brand"
    assert source["sessions"] == 40
    assert source["bot_share"] == pytest.approx(2 / 40)
    assert source["engaged_session_rate"] == pytest.approx(19 / 38)
    assert source["quality_class"] == "engaged"  # the class of most of its sessions
    paths = _values(report, "conversion_paths")
    assert [(row["path"], row["label"]) for row in paths] == [
        ("Direct", "75.0%"),
        ("Email > Direct", "25.0%"),
    ]


def test_page_renders_in_chromium_with_a_no_data_note(report):
    index = report / "index.html"
    assert not (report / "charts" / "path_length.png").exists()
    page = index.read_text()
    assert "no data for conversion path lengths" in page
    assert "<script src" not in page and "<link" not in page  # offline: nothing fetched
    figures = check_report(index, ARTEFACTS / "report", without_data={"path_length"})
    assert set(figures) == {chart.name for chart in CHARTS}


def test_spend_without_attributed_conversions_still_shows():
    with duckdb.connect() as connection:
        for table in ["rpt_attribution_daily", "fct_marketing_spend_daily"]:
            connection.execute(f"create table {table} ({TABLES[table][0]})")
        connection.execute("insert into fct_marketing_spend_daily values ('Display', 'x', 7.5)")
        [chart] = [chart for chart in CHARTS if chart.name == "spend_and_roas"]
        drawn = draw(connection, chart)
    assert drawn.rows == 2  # the channel and its campaign
    values = drawn.spec["data"]["values"]
    assert [(row["spent_on"], row["spend"], row["roas"]) for row in values] == [
        ("Display", 7.5, None),
        ("Display / x", 7.5, None),
    ]
