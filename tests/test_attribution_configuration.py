"""Spend rows are summed per day, channel and campaign; an unknown attribution goal fails the build.

Bad spend rows are quarantined, not fatal: tests/test_values_and_spend.py.
"""

from tests.conftest import run_dbt


def test_good_spend_rows_are_summed_per_day_channel_and_campaign(project_copy):
    (project_copy / "landing" / "spend").mkdir()
    (project_copy / "landing" / "spend" / "a.csv").write_text(
        "spend_date,channel,campaign,spend\n2026-03-01,Paid Search,brand,12.5\n"
    )
    (project_copy / "landing" / "spend" / "b.csv").write_text(
        "spend_date,channel,campaign,spend\n2026-03-01,Paid Search,brand,7.25\n"
        "2026-03-01,Display,,4\n"
    )
    database = project_copy / "warehouse" / "w.duckdb"
    result = run_dbt(
        project_copy,
        ["build", "--select", "+int_marketing_spend_validated", "--indirect-selection", "cautious"],
        {"CW_DUCKDB_PATH": str(database)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    import duckdb

    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select cast(spend_date as varchar), channel, campaign, spend"
            " from int_marketing_spend_validated order by channel"
        ).fetchall()
    assert rows == [
        ("2026-03-01", "Display", "(not set)", 4.0),
        ("2026-03-01", "Paid Search", "brand", 19.75),
    ]


def test_an_unknown_attribution_goal_fails_the_build(project_copy):
    env = {"CW_DUCKDB_PATH": str(project_copy / "warehouse" / "w.duckdb")}
    result = run_dbt(
        project_copy,
        [
            "build",
            "--select",
            "+int_attribution_goals",
            "--indirect-selection",
            "cautious",
            "--vars",
            "{attribution_goals: [purchase, purchases]}",
        ],
        env,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert (
        "Attribution goals are invalid: goal purchases: is named in var attribution_goals"
        " but is not a goal of the goals seed"
    ) in output
