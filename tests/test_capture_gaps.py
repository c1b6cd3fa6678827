"""The capture-gap monitor finds the sample generator's injected gap, and nothing else.

The generator drops mobile add_to_cart on days 20-22 of its window (CAPTURE_GAP_DAYS). One
dbt build of a small sample (30 days x 150 visitors a day); the injected gap is the truth: the
gap days x the segment device_category = mobile. Precision and recall compare it with the
flagged day x segment rows of rpt_capture_gaps_daily (a flag in another segment on a gap day,
even one made mostly of mobile sessions such as an operating system, counts against precision).
"""

from datetime import date

import duckdb
import pytest

from tests.conftest import run_dbt
from tools.demo.summary import capture_gap_line
from tools.sample_events import GeneratorConfig, generate_landing

pytestmark = pytest.mark.xdist_group("main")

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
        line = capture_gap_line(connection)
        marked_steps = connection.execute(
            "select distinct funnel_id, step_number, entry_device_category"
            " from rpt_funnel_daily where suspected_capture_gap"
        ).fetchall()

    truth = {(day, "device_category", "mobile") for day in gap_days}
    found = set(flagged)
    hits = found & truth
    precision = len(hits) / len(found) if found else 0.0
    recall = len(hits) / len(truth)
    print(
        f"capture-gap monitor on the sample: {len(found)} flagged day x segment rows,"
        f" {len(truth)} injected; precision {precision:.2f}, recall {recall:.2f}"
    )
    # Nothing is flagged on a day without a gap; the gap is found in mobile, from its first day.
    assert {day for day, _, _ in found} <= gap_days, sorted(found)
    assert ("add_to_cart", "device_category", "mobile", min(gap_days)) in gaps, gaps
    assert recall == 1.0 and precision == 1.0, (precision, recall, sorted(found))
    assert ("purchase", 2, "mobile") in marked_steps, marked_steps
    assert {device for _, _, device in marked_steps} == {"mobile"}
    assert f"add_to_cart in device category mobile since {min(gap_days).isoformat()}" in line
