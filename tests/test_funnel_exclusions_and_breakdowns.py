"""Funnel exclusion steps and breakdown attribution, from landed events to the marts: the worked
example of docs/funnels.md, built once on four persons.

Purchase funnel (person scope): 1 product page (/p/...), 2 add_to_cart, 3 begin_checkout,
4 purchase. Everyone enters on Oct 1 in an Email session (utm_medium=email, campaign spring);
persons A and B come back on Oct 3 in a Direct session. Exclusion returns_page: an event
returns_page_view between steps 2 and 4.

    A: 1, 2 (Oct 1, Email); 3, 4 (Oct 3, Direct)                   counted, last touch Direct
    B: 1, 2, returns_page_view, 3 (Oct 1, Email); 4 (Oct 3, Direct) excluded, last touch Direct
    C: 1, 2 (Oct 1, Email)                                         counted, last touch Email
    D: 1, returns_page_view (Oct 1, Email)                          counted (never reached 2)

Funnel purchase_last breaks down by last touch, purchase_first (the same steps and exclusion)
by first touch, the default.
"""

import json

import duckdb
import pytest

from tests.conftest import copy_project, run_dbt
from tools.demo.summary import funnel_breakdown_line

FUNNELS = """\
funnel_id,funnel_name,scope,step_order,conversion_window_hours,entry,breakdown_attribution,\
breakdown_step,description
purchase_last,Purchase (last touch),person,ordered,168,closed,last_touch,,x
purchase_first,Purchase (first touch),person,ordered,168,closed,,,x
"""
STEPS = ["view_product", "add_to_cart", "begin_checkout", "purchase"]
EMAIL = "?utm_source=newsletter&utm_medium=email&utm_campaign=spring"

# (person, day, time, event_name, path); a path with EMAIL starts the Email session
EVENTS = [
    ("a", "01", "10:00:00", "page_view", "/p/shoe" + EMAIL),
    ("a", "01", "10:01:00", "add_to_cart", "/p/shoe"),
    ("a", "03", "09:00:00", "page_view", "/cart"),
    ("a", "03", "09:01:00", "begin_checkout", "/checkout"),
    ("a", "03", "09:02:00", "purchase", "/thanks"),
    ("b", "01", "10:00:00", "page_view", "/p/hat" + EMAIL),
    ("b", "01", "10:01:00", "add_to_cart", "/p/hat"),
    ("b", "01", "10:02:00", "returns_page_view", "/returns"),
    ("b", "01", "10:03:00", "begin_checkout", "/checkout"),
    ("b", "03", "09:00:00", "page_view", "/cart"),
    ("b", "03", "09:01:00", "purchase", "/thanks"),
    ("c", "01", "10:00:00", "page_view", "/p/sock" + EMAIL),
    ("c", "01", "10:01:00", "add_to_cart", "/p/sock"),
    ("d", "01", "10:00:00", "page_view", "/p/belt" + EMAIL),
    ("d", "01", "10:05:00", "returns_page_view", "/returns"),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("funnel_breakdowns"))
    seeds = project / "seeds"
    (seeds / "funnels.csv").write_text(FUNNELS)
    (seeds / "funnel_steps.csv").write_text(
        "funnel_id,step_number,step_name,goal_id,event_name\n"
        + "".join(
            f"{funnel},{number},{goal},{goal},\n"
            for funnel in ("purchase_last", "purchase_first")
            for number, goal in enumerate(STEPS, start=1)
        )
    )
    (seeds / "funnel_exclusions.csv").write_text(
        "funnel_id,exclusion_name,from_step,to_step,goal_id,event_name\n"
        "purchase_last,returns_page,2,4,,returns_page_view\n"
        "purchase_first,returns_page,2,4,,returns_page_view\n"
    )
    for number, (person, day, time, name, path) in enumerate(EVENTS):
        folder = project / "landing" / "events" / f"received_date=2026-10-{day}"
        folder.mkdir(parents=True, exist_ok=True)
        event = {
            "event_id": f"e{number}",
            "event_name": name,
            "event_at": f"2026-10-{day} {time}",
            "received_at": f"2026-10-{day} {time}",
            "anonymous_id": person,
            "page_url": "https://shop.example.com" + path,
            "device_category": "mobile",
            "country": "DE",
            "properties": json.dumps({"value": 10, "order_id": person})
            if name == "purchase"
            else None,
        }
        with (folder / "events.jsonl").open("a") as landed:
            landed.write(json.dumps(event) + "\n")
    database = project / "warehouse" / "cw.duckdb"
    result = run_dbt(
        project,
        [
            "build",
            "--select",
            "+rpt_funnel_breakdown_daily",
            "+rpt_funnel_overview",
            "--exclude",
            "test_type:unit",
            "--indirect-selection",
            "cautious",
        ],
        {"CW_DUCKDB_PATH": str(database), "CW_LANDING_PATH": str(project / "landing")},
    )
    assert result.returncode == 0, result.stdout[-4000:]
    return database


def _query(database, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_an_exclusion_is_counted_apart(warehouse):
    # entrants 4 = counted 3 (A, C, D) + excluded 1 (B); reached 3, 2 (A, C), 1 (A), 1 (A)
    for funnel in ("purchase_last", "purchase_first"):
        rows = _query(
            warehouse,
            "select step_number, entrants, excluded_entrants, counted_entrants, reached,"
            f" conversion_from_entry from rpt_funnel_overview where funnel_id = '{funnel}'"
            " order by step_number",
        )
        assert rows == [
            (1, 4, 1, 3, 3, 1.0),
            (2, 4, 1, 3, 2, 2 / 3),
            (3, 4, 1, 3, 1, 1 / 3),
            (4, 4, 1, 3, 1, 1 / 3),
        ]
    # only B; D's returns_page_view came before it reached step 2
    excluded = _query(
        warehouse,
        "select distinct funnel_id, person_id, excluded_by from fct_funnel_steps"
        " where is_excluded order by 1",
    )
    assert excluded == [
        ("purchase_first", "b", "returns_page"),
        ("purchase_last", "b", "returns_page"),
    ]


def test_first_and_last_touch_break_down_differently(warehouse):
    rows = _query(
        warehouse,
        "select funnel_id, breakdown_value, step_number, entrants, excluded_entrants,"
        " counted_entrants, reached from rpt_funnel_breakdown_daily"
        " where breakdown_dimension = 'channel' and entry_date = '2026-10-01'"
        " order by 1, 2, 3",
    )
    assert rows == [
        # first touch: all four entered by Email
        ("purchase_first", "Email", 1, 4, 1, 3, 3),
        ("purchase_first", "Email", 2, 4, 1, 3, 2),
        ("purchase_first", "Email", 3, 4, 1, 3, 1),
        ("purchase_first", "Email", 4, 4, 1, 3, 1),
        # last touch: A and B (excluded) completed in Direct; C (step 2) and D (step 1) Email
        ("purchase_last", "Direct", 1, 2, 1, 1, 1),
        ("purchase_last", "Direct", 2, 2, 1, 1, 1),
        ("purchase_last", "Direct", 3, 2, 1, 1, 1),
        ("purchase_last", "Direct", 4, 2, 1, 1, 1),
        ("purchase_last", "Email", 1, 2, 0, 2, 2),
        ("purchase_last", "Email", 2, 2, 0, 2, 1),
        ("purchase_last", "Email", 3, 2, 0, 2, 0),
        ("purchase_last", "Email", 4, 2, 0, 2, 0),
    ]
    campaigns = _query(
        warehouse,
        "select breakdown_value, entrants from rpt_funnel_breakdown_daily"
        " where funnel_id = 'purchase_last' and breakdown_dimension = 'campaign'"
        " and step_number = 1 order by 1",
    )
    assert campaigns == [("(direct)", 2), ("spring", 2)]


def test_the_summary_line_names_the_attribution_and_the_excluded(warehouse):
    # last touch: Email 0 of 2 counted completed, Direct 1 of 1 (B, excluded, apart)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert funnel_breakdown_line(connection, "purchase_last") == (
            "Completed by last touch channel: Email 0.0% of 2, Direct 100.0% of 1;"
            " 1 journeys excluded (rpt_funnel_breakdown_daily)"
        )
