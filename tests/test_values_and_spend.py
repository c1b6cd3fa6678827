"""A bad goal value or spend row is flagged or quarantined with its reason; the build goes on.

One purchase valued "NaN" once made a whole day's Direct revenue NaN in rpt_attribution_daily,
and one bad spend row failed the whole build. Here six single-session purchases (two of them
with a usable value) land beside three spend files: a good one, one with a currency column in
another column order, and one of bad rows (an unquoted decimal comma among them) with a good
row. The build succeeds, warns, lists every bad row with its reason, and the report holds
exactly the hand-computed revenue and spend.
"""

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import run_dbt

PAID = "https://www.example-shop.com/?utm_source=google&utm_medium=cpc&utm_campaign=brand"
# device, page URL (None: Direct), purchase properties
PURCHASES = [
    ("d1", None, '{"value": "NaN", "order_id": "o1"}'),
    ("d2", None, '{"value": 40, "order_id": "o2"}'),
    ("d3", None, '{"value": "12,50", "order_id": "o3"}'),
    ("d4", PAID, '{"value": 10, "currency": "USD", "order_id": "o4"}'),
    ("d5", PAID, '{"value": 1e400, "order_id": "o5"}'),
    ("d6", PAID, '{"value": -100, "order_id": "o6"}'),
]
SPEND_FILES = {
    "good.csv": """\
spend_date,channel,campaign,spend
2026-03-02,Paid Search,brand,12.50
2026-03-02,Display,prospecting,4
2026-03-03,Paid Search,brand,7.25
""",
    # columns in another order, with the optional currency (USD converts at 0.9)
    "currencies.csv": """\
currency,spend_date,spend,channel,campaign
USD,2026-03-02,10,Paid Search,generic
eur,2026-03-02,1.5,Display,retargeting
,2026-03-03,2,Display,retargeting
""",
    "bad.csv": """\
spend_date,channel,campaign,spend,currency
2026-03-32,Paid Search,brand,10,
2026-03-02,Display,prospecting,-5,
2026-03-02,Paid Search,brand,NaN,
2026-03-02,Paid search,typo,3,
2026-03-02,Email,newsletter,"12,50",
2026-03-02,Email,newsletter,12,50,EUR
2026-03-02,Paid Search,brand,5,GBP
2026-03-02,Paid Search,brand,1.25,EUR
""",
}
EXCHANGE_RATES = "from_currency,to_currency,valid_from,rate\nUSD,EUR,2026-03-01,0.9\n"
# Hand-computed from the good rows, in EUR, per spend date x channel x campaign
SPEND = {
    ("2026-03-02", "Paid Search", "brand"): 12.50 + 1.25,
    ("2026-03-02", "Paid Search", "generic"): 10 * 0.9,
    ("2026-03-02", "Display", "prospecting"): 4.0,
    ("2026-03-02", "Display", "retargeting"): 1.5,
    ("2026-03-03", "Paid Search", "brand"): 7.25,
    ("2026-03-03", "Display", "retargeting"): 2.0,
}
# purchase revenue per conversion date x channel x campaign (three purchases each)
REVENUE = {
    ("2026-03-02", "Direct", "(direct)"): 40.0,
    ("2026-03-02", "Paid Search", "brand"): 10 * 0.9,
}


def _land_purchases(project) -> None:
    folder = project / "landing" / "events" / "received_date=2026-03-02"
    folder.mkdir(parents=True)
    rows = []
    for number, (device, url, properties) in enumerate(PURCHASES):
        at = f"2026-03-02 1{number}:00:00"
        rows.append(
            (
                f"{device}-view",
                "page_view",
                at,
                device,
                url or "https://www.example-shop.com/",
                None,
            )
        )
        rows.append(
            (f"{device}-buy", "purchase", at.replace(":00:00", ":01:00"), device, None, properties)
        )
    event_ids, names, times, devices, urls, props = map(list, zip(*rows, strict=True))
    pq.write_table(
        pa.table(
            {
                "event_id": event_ids,
                "event_name": names,
                "event_at": times,
                "received_at": [time.replace(":00", ":05", 1) for time in times],
                "anonymous_id": devices,
                "page_url": urls,
                "properties": props,
            }
        ),
        folder / "part-0.parquet",
    )


def test_bad_values_and_spend_rows_are_set_aside_and_the_rest_adds_up(project_copy):
    _land_purchases(project_copy)
    spend = project_copy / "landing" / "spend"
    spend.mkdir()
    for name, text in SPEND_FILES.items():
        (spend / name).write_text(text)
    (project_copy / "seeds" / "exchange_rates.csv").write_text(EXCHANGE_RATES)
    database = project_copy / "warehouse" / "w.duckdb"
    result = run_dbt(
        project_copy,
        [
            "build",
            "--select",
            "+rpt_attribution_daily",
            "+quarantined_spend",
            "+flagged_goal_values",
            "--indirect-selection",
            "cautious",
            "--exclude",
            "test_type:unit",
        ],
        {"CW_DUCKDB_PATH": str(database)},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "WARN 7 assert_no_spend_row_is_quarantined" in output, output[-6000:]
    assert "WARN 4 assert_goal_values_are_usable" in output, output[-6000:]

    with duckdb.connect(str(database), read_only=True) as connection:
        quarantined = connection.execute(
            "select regexp_extract(spend_file, '[^/]+$'), spend_date, channel, spend, reason"
            " from quarantined_spend order by all"
        ).fetchall()
        flagged = connection.execute(
            "select event_id, value_problem from flagged_goal_values order by all"
        ).fetchall()
        spend_rows = connection.execute(
            "select cast(spend_date as varchar), channel, campaign, spend"
            " from fct_marketing_spend_daily"
        ).fetchall()
        revenue_rows = connection.execute(
            "select cast(conversion_date as varchar), channel, campaign, goal_id, model,"
            " conversions, revenue from rpt_attribution_daily where conversions > 0"
        ).fetchall()
        models, goals, rows = connection.execute(
            "select count(distinct model), count(distinct goal_id), count(*)"
            " from rpt_attribution_daily"
        ).fetchone()
        ratios = connection.execute(
            "select cast(conversion_date as varchar), channel, campaign, goal_id,"
            " cost_per_conversion, roas from rpt_attribution_daily where model = 'markov'"
        ).fetchall()
        # ROAS per channel of one goal: the model's revenue over the spend, counted once
        channel_roas = connection.execute(
            "with revenue as (select channel, sum(revenue) as revenue from rpt_attribution_daily"
            " where goal_id = 'purchase' and model = 'markov' group by channel),"
            " spend as (select channel, sum(spend) as spend from fct_marketing_spend_daily"
            " where spend_date = '2026-03-02' group by channel)"
            " select spend.channel, revenue.revenue / spend.spend from spend"
            " inner join revenue on spend.channel = revenue.channel"
        ).fetchall()

    assert quarantined == [
        ("bad.csv", "2026-03-02", "Display", "-5", "negative_spend"),
        ("bad.csv", "2026-03-02", "Email", "12", "too_many_fields"),
        ("bad.csv", "2026-03-02", "Email", "12,50", "spend_not_a_number"),
        ("bad.csv", "2026-03-02", "Paid Search", "5", "no_exchange_rate"),
        ("bad.csv", "2026-03-02", "Paid Search", "NaN", "spend_not_finite"),
        ("bad.csv", "2026-03-02", "Paid search", "3", "unknown_channel"),
        ("bad.csv", "2026-03-32", "Paid Search", "10", "unparseable_spend_date"),
    ]
    assert flagged == [
        ("d1-buy", "value_not_finite"),
        ("d3-buy", "value_not_a_number"),
        ("d5-buy", "value_not_finite"),
        ("d6-buy", "negative_value"),
    ]
    # the spend of the good rows, once per day, channel and campaign
    assert {(day, channel, campaign): amount for day, channel, campaign, amount in spend_rows} == (
        pytest.approx(SPEND)
    )
    assert len(spend_rows) == len(SPEND)
    # every purchase still counts (one touch each: credit 1), the flagged ones with no revenue
    conversions = {}
    for day, channel, campaign, goal, model, credited, revenue in revenue_rows:
        assert goal == "purchase"
        assert revenue == pytest.approx(REVENUE[(day, channel, campaign)]), (day, channel, model)
        conversions[(day, channel, campaign, model)] = credited
    assert set(conversions.values()) == {3.0}
    assert len(conversions) == 2 * models
    # a row per spend key x goal x model (0 conversions when none), and the Direct purchases
    assert (models, goals) == (8, 2)
    assert rows == len(SPEND) * goals * models + models
    # each row's own ratios against its date x channel x campaign's spend, the whole of it
    by_key = {row[:4]: row[4:] for row in ratios}
    brand = ("2026-03-02", "Paid Search", "brand")
    assert by_key[(*brand, "purchase")] == pytest.approx((13.75 / 3, 9.0 / 13.75))
    assert by_key[(*brand, "demo_request")] == (None, 0.0)
    assert by_key[("2026-03-02", "Paid Search", "generic", "purchase")] == (None, 0.0)
    assert by_key[("2026-03-02", "Direct", "(direct)", "purchase")] == (None, None)
    assert len(by_key) == len(SPEND) * goals + 1
    # ROAS per channel that day: 9 / (13.75 + 9) for Paid Search, 0 for Display
    assert dict(channel_roas) == pytest.approx({"Paid Search": 9.0 / 22.75, "Display": 0.0})
