"""Every dbt unit test pins the vars it depends on.

A deployment sets its own business vars (its hosts, session timeout, windows, thresholds); its
`dbt build` runs the project's unit tests too, and one that assumed a default failed the build
and skipped every model below it. Here all unit tests run with every business var changed from
its default: each must still pass.
"""

import json

from tests.conftest import run_dbt

# Every var a deployment may set, each away from its default in dbt_project.yml.
DEPLOYMENT_VARS = {
    "max_clock_skew_hours": 2,
    "late_arrival_days": 1,
    "bot_max_events_per_minute": 5,
    "bot_max_session_hours": 1,
    "session_timeout_minutes": 5,
    "new_session_on_campaign_change": False,
    "split_sessions_at_midnight": True,
    "engaged_session_seconds": 1000,
    "engaged_session_page_views": 9,
    "internal_hosts": ["shop.example.org"],
    "paid_medium_regex": "^paid$",
    "reporting_timezone": "America/New_York",
    "reporting_currency": "USD",
    "funnel_default_window_hours": 1,
    "funnel_default_breakdown_attribution": "last_touch",
    "attribution_goals": ["demo_request"],
    "attribution_lookback_days": 2,
    "time_decay_half_life_days": 1,
    "position_based_end_share": 0.3,
    "attribution_path_transform": "unique",
    "attribution_path_remove_direct": "remove_if_not_all",
    "attribution_path_max_positions": 2,
    "shapley_recollapse_repeats": False,
    "micro_goal_value_interval_z": 2.58,
    "traffic_quality_min_sessions": 1,
    "traffic_quality_suspect_bot_share": 0.5,
    "traffic_quality_suspect_engaged_rate": 0.01,
    "traffic_quality_shallow_engaged_rate": 0.9,
    "traffic_quality_shallow_pages_per_session": 7.5,
    "build_buckets": 2,
    "capture_gap_baseline_days": 5,
    "capture_gap_min_baseline_days": 2,
    "capture_gap_min_z": 1.5,
    "capture_gap_min_expected": 50,
    "capture_gap_min_baseline_converted": 40,
    "capture_gap_run_day_z": 2.5,
    "capture_gap_min_unpreceded": 9,
    "capture_gap_min_share": 0.5,
    "capture_gap_lookback_hours": 1,
    "experiment_exposure_event": "exposure",
    "experiment_id_property": "test_id",
    "experiment_variant_property": "variation_id",
    "experiment_confidence_level": 0.8,
    "experiment_srm_max_p_value": 0.5,
    "period_start_date": "2026-10-02",
    "period_end_date": "2026-10-02",
    "hash_user_id": True,
}


def test_unit_tests_pass_whatever_the_business_vars(project_copy):
    # hash_user_id needs its key, which the engine reads when a query hashes an id
    env = {
        "CW_DUCKDB_PATH": str(project_copy / "warehouse" / "cw.duckdb"),
        "CW_USER_ID_SALT": "pin-vars-test-salt",
    }
    for args in (["seed"], ["run", "--empty"]):
        result = run_dbt(project_copy, args, env)
        assert result.returncode == 0, result.stdout[-4000:]
    result = run_dbt(
        project_copy,
        ["test", "--select", "test_type:unit", "--vars", json.dumps(DEPLOYMENT_VARS)],
        env,
    )
    failed = [line for line in result.stdout.splitlines() if " FAIL " in line or "ERROR" in line]
    assert result.returncode == 0, "\n".join(failed) or result.stdout[-4000:]
    assert "PASS=" in result.stdout and " FAIL " not in result.stdout
