"""Traffic quality on the generated sample: the generator's low-quality traffic is suspect.

The sample generator's low-quality traffic is its bots and scrapers (tools/sample_events/bots.py:
about 2% of the visits plus one or two scrapers a day). They arrive without referrer or utm, so
they land in Direct, where they are roughly a tenth of the sessions. One small dbt build of ten
days of 150 visitors: every day the Direct channel and its (direct) source are classed suspect
for their bot share, nothing else is, and spend adds up. The sample buys no Direct traffic; one
spend row for Direct on one day, landed beside the sample's, makes the WARN test about suspect
traffic with spend warn about exactly that day.
"""

from datetime import date

import duckdb
import pytest

from tests.conftest import run_dbt
from tools.demo.summary import worst_traffic_source_line
from tools.sample_events import GeneratorConfig, generate_landing

CONFIG = GeneratorConfig(
    start_date=date(2026, 9, 1), end_date=date(2026, 9, 10), seed=42, visitors_per_day=150
)
MARTS = ["rpt_traffic_quality_daily", "rpt_channel_quality_daily"]
# spend on the sample's bot-ridden Direct traffic (campaign "(direct)", as its sessions have it)
DIRECT_SPEND = "spend_date,channel,campaign,spend\n2026-09-03,Direct,(direct),20.00\n"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The sample's warehouse after one dbt build of the traffic quality marts; its dbt output."""
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("traffic"))
    summary = generate_landing(project / "landing", CONFIG)
    (project / "landing" / "spend" / "direct.csv").write_text(DIRECT_SPEND)
    database = project / "warehouse" / "cw.duckdb"
    env = {"CW_DUCKDB_PATH": str(database), "CW_LANDING_PATH": str(project / "landing")}
    args = ["build", "--select", *(f"+{mart}" for mart in MARTS)]
    args += ["assert_no_source_with_spend_is_suspect", "--exclude", "test_type:unit"]
    args += ["--indirect-selection", "cautious"]  # no test of a model left unbuilt
    result = run_dbt(project, args, env)
    assert result.returncode == 0, result.stdout[-4000:]
    with duckdb.connect(str(database), read_only=True) as connection:
        yield connection, summary, result.stdout


def test_the_generators_bots_are_the_direct_channels_bot_sessions(warehouse):
    connection, summary, _ = warehouse
    bots = connection.execute(
        "select channel, sum(bot_sessions) from rpt_channel_quality_daily"
        " where bot_sessions > 0 group by 1"
    ).fetchall()
    generated = sum(day.bot_visits for day in summary.days.values())
    # Only Direct has bots. The bot rules (docs/rules.md: Bots) miss the scrapers that fetch at
    # most bot_max_events_per_minute pages in every minute: 3 of 41 in this sample.
    assert [channel for channel, _ in bots] == ["Direct"]
    assert 0.9 * generated <= bots[0][1] <= generated


def test_the_low_quality_traffic_is_suspect_every_day_and_nothing_else(warehouse):
    connection, _, _ = warehouse
    channels = connection.execute(
        "select session_date, channel, quality_reason from rpt_channel_quality_daily"
        " where quality_class = 'suspect' order by 1"
    ).fetchall()
    days = [CONFIG.start_date.replace(day=day) for day in range(1, 11)]
    assert [(day, channel) for day, channel, _ in channels] == [(day, "Direct") for day in days]
    assert all(reason.startswith("bot share ") for _, _, reason in channels)
    sources = connection.execute(
        "select distinct source, medium, campaign from rpt_traffic_quality_daily"
        " where quality_class = 'suspect'"
    ).fetchall()
    assert sources == [("(direct)", "(none)", "(direct)")]
    assert worst_traffic_source_line(connection).startswith(
        "Worst traffic source: (direct) / (none) / (direct) (Direct)"
    )


def test_counts_and_spend_add_up(warehouse):
    connection, _, _ = warehouse
    sessions = connection.execute(
        "select (select sum(sessions) from rpt_traffic_quality_daily),"
        " (select sum(sessions) from rpt_channel_quality_daily),"
        " (select count(*) from fct_sessions)"
    ).fetchone()
    assert sessions[0] == sessions[1] == sessions[2]
    channel_spend, campaign_spend, spend = connection.execute(
        "select (select sum(spend) from rpt_channel_quality_daily),"
        " (select sum(spend) from rpt_traffic_quality_daily),"
        " (select sum(spend) from int_marketing_spend_validated)"
    ).fetchone()
    assert channel_spend == pytest.approx(spend)
    assert 0 < campaign_spend <= spend + 1e-9


def test_spend_on_suspect_traffic_warns(warehouse):
    connection, _, output = warehouse
    assert "WARN 1 assert_no_source_with_spend_is_suspect" in output.replace("\x1b[33m", "")
    rows = connection.execute(
        "select session_date, source, spend, cost_per_engaged_session * engaged_sessions"
        " from rpt_traffic_quality_daily where quality_class = 'suspect' and spend > 0"
    ).fetchall()
    assert [row[:3] for row in rows] == [(date(2026, 9, 3), "(direct)", 20.0)]
    assert rows[0][3] == pytest.approx(20.0)
