"""Experiments: first exposure assigns the variant, goals count after it, the split is tested.

A tiny landing day, built once: experiment cta (control A, 50/50) with 200 persons per variant,
20 of A's and 36 of B's buying for 50 EUR each after their exposure; one more A person bought
only before being exposed, one person saw A then B, one bot saw B and bought. Experiment banner
means 50/50 but exposed 600 persons to A and 400 to B: a sample ratio mismatch. Every figure
below is computed by hand from these counts (the arithmetic is in the comments).
"""

import json
import math

import duckdb
import pytest

from tests.conftest import copy_project, run_dbt
from tools.demo.experiments_summary import experiment_lines

DAY = "2026-10-01"
VARIANTS_SEED = """\
experiment_id,variant_id,is_control,intended_share,description
cta,A,true,0.5,control
cta,B,false,0.5,new copy
banner,A,true,1,control
banner,B,false,1,new banner
"""
BOT_AGENT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def _event(event_id, device, name, at, properties=None, user_agent=None):
    return {
        "event_id": event_id,
        "event_name": name,
        "event_at": f"{DAY} {at}",
        "received_at": f"{DAY} 23:00:00",
        "anonymous_id": device,
        "page_url": "https://www.example-shop.com/",
        "user_agent": user_agent or "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
        "properties": json.dumps(properties) if properties is not None else None,
    }


def _exposure(device, experiment, variant, at="10:00:00", **kwargs):
    properties = {"experiment_id": experiment, "variant_id": variant}
    return _event(
        f"{device}-{experiment}-{variant}", device, "experiment_viewed", at, properties, **kwargs
    )


def _purchase(device, at="10:05:00", **kwargs):
    properties = {"value": 50, "order_id": f"{device}-{at}"}
    return _event(f"{device}-buy-{at}", device, "purchase", at, properties, **kwargs)


def _landing_events() -> list[dict]:
    events = []
    # cta: 200 persons per variant; the first 20 of A and 36 of B buy five minutes after exposure
    for variant, buyers in (("A", 20), ("B", 36)):
        for number in range(200):
            device = f"cta-{variant}-{number:03d}"
            events.append(_exposure(device, "cta", variant))
            if number < buyers:
                events.append(_purchase(device))
    # cta-A-199 also bought at 08:00, in an earlier session, before its exposure: not counted
    events.append(_purchase("cta-A-199", at="08:00:00"))
    # a person who saw A then B: left out of both, counted apart
    events.append(_exposure("both", "cta", "A", at="09:00:00"))
    events.append(_exposure("both", "cta", "B", at="09:10:00"))
    events.append(_purchase("both", at="09:20:00"))
    # a bot exposed to B that buys: not a person of the experiment
    events.append(_exposure("crawler", "cta", "B", user_agent=BOT_AGENT))
    events.append(_purchase("crawler", user_agent=BOT_AGENT))
    # banner: 600 persons see A and 400 see B, intended 50/50
    for variant, persons in (("A", 600), ("B", 400)):
        events += [
            _exposure(f"banner-{variant}-{n:03d}", "banner", variant) for n in range(persons)
        ]
    return events


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The DuckDB file of one build of rpt_experiments over the landing day above."""
    project = copy_project(tmp_path_factory.mktemp("experiments"))
    folder = project / "landing" / "events" / f"received_date={DAY}"
    folder.mkdir(parents=True)
    lines = "\n".join(json.dumps(event) for event in _landing_events())
    (folder / "events.jsonl").write_text(lines + "\n")
    (project / "seeds" / "experiment_variants.csv").write_text(VARIANTS_SEED)
    database = project / "warehouse" / "w.duckdb"
    result = run_dbt(
        project,
        [
            "build",
            "--select",
            "+rpt_experiments",
            "--indirect-selection",
            "cautious",
            "--exclude",
            "test_type:unit",
        ],
        {"CW_DUCKDB_PATH": str(database)},
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    return database


@pytest.fixture(scope="module")
def experiments(warehouse):
    """The rows of rpt_experiments, by (experiment, variant, scope, goal)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        cursor = connection.execute("select * from rpt_experiments")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {(r["experiment_id"], r["variant_id"], r["scope"], r["goal_id"]): r for r in rows}


@pytest.mark.parametrize("scope", ["person", "session"])
def test_purchase_rate_lift_and_its_test(experiments, scope):
    # one session per person after exposure (cta-A-199's 08:00 session started before it), so
    # sessions and persons give the same figures
    control = experiments[("cta", "A", scope, "purchase")]
    variant = experiments[("cta", "B", scope, "purchase")]
    counted = ("exposed_persons", "units", "converted_units")
    assert [control[column] for column in counted] == [200, 200, 20]
    assert [variant[column] for column in counted] == [200, 200, 36]
    # rates 20 / 200 = 0.10 and 36 / 200 = 0.18: lift 0.08 absolute, 0.08 / 0.10 = 0.8 relative
    assert variant["conversion_rate"] == pytest.approx(0.18)
    assert variant["control_conversion_rate"] == pytest.approx(0.10)
    assert variant["absolute_lift"] == pytest.approx(0.08)
    assert variant["relative_lift"] == pytest.approx(0.8)
    # pooled rate 56 / 400 = 0.14; z = 0.08 / sqrt(0.14 * 0.86 * (1/200 + 1/200))
    # = 0.08 / 0.034699 = 2.30556; p = 2 P(Z > 2.30556) = 0.021135
    assert variant["p_value"] == pytest.approx(0.021135, abs=1e-5)
    # unpooled se sqrt(0.1 * 0.9 / 200 + 0.18 * 0.82 / 200) = 0.0344674; 95%: 0.08 -+ 1.959964 *
    # 0.0344674 = 0.067555 -> [0.012445, 0.147555]
    assert variant["absolute_lift_ci_lower"] == pytest.approx(0.012445, abs=1e-5)
    assert variant["absolute_lift_ci_upper"] == pytest.approx(0.147555, abs=1e-5)
    assert control["p_value"] is None and control["absolute_lift"] is None


def test_value_per_person_and_welch(experiments):
    control = experiments[("cta", "A", "person", "purchase")]
    variant = experiments[("cta", "B", "person", "purchase")]
    # 20 * 50 / 200 = 5.0 EUR and 36 * 50 / 200 = 9.0 EUR per exposed person: difference 4.0
    assert control["value_per_unit"] == pytest.approx(5.0)
    assert variant["value_per_unit"] == pytest.approx(9.0)
    assert variant["value_difference"] == pytest.approx(4.0)
    assert variant["value_relative_lift"] == pytest.approx(0.8)
    # sample variances: A (20 * 2500 - 1000^2 / 200) / 199 = 45000 / 199 = 226.131,
    # B (36 * 2500 - 1800^2 / 200) / 199 = 73800 / 199 = 370.854; se = sqrt(226.131 / 200 +
    # 370.854 / 200) = 1.727693; t = 4 / 1.727693 = 2.31523; Welch df = 2.98492^2 /
    # ((1.130653^2 + 1.854271^2) / 199) = 375.908; exact two-sided p = 0.0211384
    assert variant["value_degrees_of_freedom"] == pytest.approx(375.908, abs=1e-3)
    assert variant["value_p_value"] == pytest.approx(0.0211384, abs=1e-4)
    # t(0.975, 375.9) = 1.966295: 4 -+ 1.966295 * 1.727693 = 4 -+ 3.397154 -> [0.602846, 7.397154]
    assert variant["value_difference_ci_lower"] == pytest.approx(0.602846, abs=1e-4)
    assert variant["value_difference_ci_upper"] == pytest.approx(7.397154, abs=1e-4)


def test_person_in_two_variants_is_counted_apart_and_bots_are_out(experiments):
    rows = [row for key, row in experiments.items() if key[0] == "cta"]
    assert {row["persons_in_several_variants"] for row in rows} == {1}
    # neither the person who saw both variants nor the bot adds to B's 200 persons and 36 buyers
    assert experiments[("cta", "B", "person", "purchase")]["exposed_persons"] == 200


def test_every_goal_has_a_row(experiments):
    goals = {key[3] for key in experiments if key[:3] == ("cta", "B", "person")}
    assert {"purchase", "newsletter_signup", "add_to_cart", "demo_request"} <= goals
    assert experiments[("cta", "B", "person", "newsletter_signup")]["converted_units"] == 0


def test_sample_ratio_mismatch_marks_the_broken_split(experiments):
    banner = experiments[("banner", "B", "person", "purchase")]
    # expected 500 each; chi-square (600 - 500)^2 / 500 + (400 - 500)^2 / 500 = 40 on 1 degree of
    # freedom: p = 2 P(Z > sqrt(40) = 6.3246) = 2.54e-10 < 0.001
    assert banner["expected_persons"] == pytest.approx(500.0)
    assert banner["srm_chi_square"] == pytest.approx(40.0)
    assert banner["srm_p_value"] == pytest.approx(2.54e-10, rel=0.01)
    assert banner["has_sample_ratio_mismatch"] is True
    # nobody bought: no rate to test
    assert banner["p_value"] is None
    cta = experiments[("cta", "B", "person", "purchase")]
    # 200 / 200 against 200 expected each: chi-square 0, p = 1
    assert cta["srm_chi_square"] == pytest.approx(0.0)
    assert cta["srm_p_value"] == pytest.approx(1.0)
    assert cta["has_sample_ratio_mismatch"] is False
    assert not math.isnan(cta["p_value"])


def test_summary_lines(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        lines = experiment_lines(connection)
    # two macro goals (purchase, demo_request) per tested variant of each experiment
    assert len(lines) == 1 + 2 * 2
    assert (
        "cta B: purchase 18.00% vs 10.00% (+80.0%; 200 persons, 1 in several variants), p = 0.021"
        in lines
    )
    banner = [line for line in lines if line.startswith("banner B: purchase")]
    # exact 2.5396e-10; the erfc approximation is 0.44% high this far out: 2.5509e-10
    assert banner == [
        "banner B: purchase 0.00% vs 0.00% (n/a; 400 persons, 0 in several variants), "
        "SAMPLE RATIO MISMATCH (p = 2.6e-10): do not read"
    ]


def test_summary_line_without_experiments():
    with duckdb.connect() as connection:
        connection.execute(
            "create table rpt_experiments (experiment_id text, variant_id text, goal_id text,"
            " exposed_persons bigint, conversion_rate double, control_conversion_rate double,"
            " relative_lift double, p_value double, has_sample_ratio_mismatch boolean,"
            " srm_p_value double, persons_in_several_variants bigint, scope text, tier text,"
            " is_control boolean)"
        )
        lines = experiment_lines(connection)
    assert lines == ["Experiments (rpt_experiments): none with exposures and a control"]


# Published table values (chi-square and t critical values, normal quantile) the SQL macros must
# reproduce: (SQL with the macro, expected, tolerance; the tolerance is the documented error).
TABLE_VALUES = [
    ("{{ chi_square_upper_tail('5.991', '2') }}", 0.05, 1e-4),  # exp(-5.991 / 2) = 0.050004
    ("{{ chi_square_upper_tail('7.815', '3') }}", 0.05, 1e-4),
    ("{{ chi_square_upper_tail('16.266', '3') }}", 0.001, 1e-5),
    ("{{ chi_square_upper_tail('9.488', '4') }}", 0.05, 1e-4),
    ("{{ chi_square_upper_tail('11.070', '5') }}", 0.05, 1e-4),
    ("{{ chi_square_upper_tail('18.307', '10') }}", 0.05, 1e-4),
    ("{{ chi_square_upper_tail('37.652', '25') }}", 0.05, 2e-3),  # Wilson-Hilferty above 20
    ("2 * {{ student_t_upper_tail('2.228', '10') }}", 0.05, 2e-3),
    # 2.042 rounds 2.0423 (exact p 0.05003); the approximation adds up to 2e-4 at 30 degrees
    ("2 * {{ student_t_upper_tail('2.042', '30') }}", 0.05, 3e-4),
    ("{{ normal_quantile('0.975') }}", 1.959964, 1e-6),
    ("{{ normal_quantile('0.005') }}", -2.575829, 1e-6),
    ("{{ student_t_quantile('1.959964', '10') }}", 2.228139, 1e-4),
    ("2 * {{ normal_upper_tail('1.959964') }}", 0.05, 1e-6),
]


def test_distribution_macros_match_published_tables(warehouse):
    project = warehouse.parent.parent
    columns = ", ".join(
        f"{expression} as v{number}" for number, (expression, _, _) in enumerate(TABLE_VALUES)
    )
    result = run_dbt(
        project,
        ["show", "--inline", f"select {columns}", "--output", "json", "--log-format", "json"],
        {"CW_DUCKDB_PATH": str(warehouse)},
    )
    assert result.returncode == 0, result.stdout[-4000:]
    preview = next(
        json.loads(line)["data"]["preview"]
        for line in result.stdout.splitlines()
        if '"preview"' in line
    )
    row = json.loads(preview)[0]
    for number, (expression, expected, tolerance) in enumerate(TABLE_VALUES):
        assert row[f"v{number}"] == pytest.approx(expected, abs=tolerance), expression
