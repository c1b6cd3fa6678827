"""The capture-gap monitor finds the sample generator's injected gap, and nothing else.

The generator drops mobile add_to_cart on days 20-22 of its window (CAPTURE_GAP_DAYS). One
dbt build of a small sample (30 days x 150 visitors a day); the injected gap is the truth: the
gap days x the segment device_category = mobile. Precision and recall compare it with the
flagged day x segment rows of rpt_capture_gaps_daily, twice: strictly (only device_category =
mobile is true) and broadly (a browser or operating system made mostly of mobile sessions lost
its add_to_cart too, so its flag on a gap day is true as well). Recall counts the injected rows.
"""

from datetime import date

import duckdb

from tests.conftest import run_dbt
from tools.demo.summary import capture_gap_line
from tools.sample_events import GeneratorConfig, generate_landing

CONFIG = GeneratorConfig(
    start_date=date(2026, 9, 1), end_date=date(2026, 9, 30), seed=42, visitors_per_day=150
)


def test_injected_capture_gap_is_found_and_nothing_else(project_copy, tmp_path) -> None:
    landing = tmp_path / "landing"
    generate_landing(landing, CONFIG)
    gap_days = set(CONFIG.capture_gap_days)
    assert len(gap_days) == 3
    database = project_copy / "warehouse" / "cw.duckdb"
    env = {"CW_DUCKDB_PATH": str(database), "CW_LANDING_PATH": str(landing)}
    result = run_dbt(
        project_copy,
        ["build", "--select", "@rpt_capture_gaps_daily", "--exclude", "test_type:unit"],
        env,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "assert_no_capture_gap_is_flagged" in result.stdout and "WARN" in result.stdout

    with duckdb.connect(str(database), read_only=True) as connection:
        flagged = connection.execute(
            "select distinct session_date, segment_type, segment_value"
            " from rpt_capture_gaps_daily where has_capture_gap"
        ).fetchall()
        gaps = connection.execute(
            "select distinct suspected_goal_id, segment_type, segment_value, gap_since_date"
            " from rpt_capture_gaps_daily where has_capture_gap"
        ).fetchall()
        mostly_mobile = connection.execute(
            "select segment_type, segment_value from (select session_id, device_category,"
            " browser_family, operating_system, country from int_sessions_segmented)"
            " unpivot (segment_value for segment_type in"
            " (browser_family, operating_system, country))"
            " group by 1, 2 having avg(case when device_category = 'mobile' then 1 else 0 end)"
            " > 0.5"
        ).fetchall()
        line = capture_gap_line(connection)
        marked_steps = connection.execute(
            "select distinct funnel_id, step_number, entry_device_category"
            " from rpt_funnel_daily where suspected_capture_gap"
        ).fetchall()

    found = set(flagged)
    # Strict truth: the injected segment. Broad: any segment made mostly of mobile sessions
    # (an operating system or browser of phones) on a gap day also lost its add_to_cart.
    strict = {(day, "device_category", "mobile") for day in gap_days}
    broad = strict | {(day, kind, value) for day in gap_days for kind, value in mostly_mobile}
    figures = {}
    for name, truth in (("strict", strict), ("broad", broad)):
        hits = found & truth
        precision = len(hits) / len(found) if found else 0.0
        # recall: of the injected day x segment rows (device mobile), the share flagged
        figures[name] = (precision, len(found & strict) / len(strict))
        print(
            f"capture-gap monitor, {name} truth: {len(found)} flagged day x segment rows,"
            f" {len(strict)} injected; precision {precision:.2f},"
            f" recall {figures[name][1]:.2f}"
        )
    # Nothing is flagged on a day without a gap; the gap is found in mobile, from its first day.
    assert {day for day, _, _ in found} <= gap_days, sorted(found)
    assert ("add_to_cart", "device_category", "mobile", min(gap_days)) in gaps, gaps
    assert figures["broad"] == (1.0, 1.0), (figures, sorted(found))
    assert ("purchase", 2, "mobile") in marked_steps, marked_steps
    assert {device for _, _, device in marked_steps} == {"mobile"}
    assert f"add_to_cart in device category mobile since {min(gap_days).isoformat()}" in line
