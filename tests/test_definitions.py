"""The Dagster code location loads and wires landing -> staging -> intermediate -> marts."""

from dagster import AssetKey

from orchestration.definitions import defs


def _graph():
    return defs.resolve_asset_graph()


def test_job_and_schedule():
    job = defs.resolve_job_def("daily_warehouse_build")
    assert job.partitions_def is not None
    schedule = defs.resolve_schedule_def("daily_warehouse_schedule")
    assert schedule.cron_schedule == "15 0 * * *"
    assert schedule.execution_timezone in (None, "UTC")
    assert schedule.default_status.value == "RUNNING"


def test_partitions_only_on_the_received_day_chain():
    graph = _graph()
    partitioned = {"stg_landing__landed_rows", "int_events_sessionized", "fct_sessions"}
    unpartitioned = {"goals", "int_exchange_rates_validated", "rpt_funnel_overview"}
    unpartitioned |= {"fct_attribution_credits", "rpt_landing_reconciliation_daily"}
    for name in partitioned:
        assert graph.get(AssetKey(name)).partitions_def is not None, name
    for name in unpartitioned:
        assert graph.get(AssetKey(name)).partitions_def is None, name
    # one job runs all three dbt steps, publication and the report
    job = defs.resolve_job_def("daily_warehouse_build")
    steps = {node.name for node in job.graph.node_defs}
    assert {"dbt_configuration", "dbt_received_days", "dbt_all_time_reports"} <= steps
    assert "published_marts" in steps
    assert "marketing_report" in steps
    report = graph.get(AssetKey("marketing_report"))
    assert report.group_name == "serving"
    assert report.parent_keys == {AssetKey("published_marts")}


def test_owners_and_freshness_of_marts():
    graph = _graph()
    mart = graph.get(AssetKey("rpt_funnel_overview"))
    assert mart.owners == ["team:analytics-engineering"]
    # fresh by 06:00 UTC (CW_MARTS_FRESH_BY_HOUR): materialized between midnight and then
    assert mart.freshness_policy.deadline_cron == "0 6 * * *"
    assert mart.freshness_policy.lower_bound_delta.total_seconds() == 6 * 3600
    assert graph.get(AssetKey("int_events_sessionized")).freshness_policy is None
    assert "One row per" in (mart.description or "")


def test_lineage_from_landing_to_marts():
    graph = _graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    for name in [
        "landing_events",
        "stg_landing__landed_rows",
        "stg_landing__landed_events",
        "int_events_sessionized",
        "fct_sessions",
        "quarantined_events",
        "ga4_source_categories",
    ]:
        assert name in keys
    upstream = graph.get(AssetKey("fct_sessions")).parent_keys
    assert AssetKey("int_sessions_classified") in upstream
    assert graph.get(AssetKey("stg_landing__landed_rows")).parent_keys == {
        AssetKey("landing_events")
    }
    assert AssetKey("stg_landing__landed_rows") in (
        graph.get(AssetKey("stg_landing__landed_events")).parent_keys
    )


def test_groups_by_layer():
    graph = _graph()
    assert graph.get(AssetKey("fct_sessions")).group_name == "marts"
    assert graph.get(AssetKey("int_events_sessionized")).group_name == "intermediate"
    assert graph.get(AssetKey("stg_landing__events")).group_name == "staging"
    assert graph.get(AssetKey("landing_events")).group_name == "landing"


def test_dbt_tests_are_asset_checks():
    graph = _graph()
    checks = {key.name for key in graph.asset_check_keys}
    assert "unique_fct_sessions_session_id" in checks
    assert "accepted_values_rpt_landing_reconciliation_daily_is_balanced__False__True" in checks
    assert "assert_sessions_do_not_overlap" in checks
    assert "assert_every_event_in_one_session" in checks
    assert "assert_funnel_reached_never_grows" in checks
    # warnings of rows set aside, shown on the asset they read
    assert "assert_no_spend_row_is_quarantined" in checks
    assert "assert_no_landed_file_is_quarantined" in checks
    assert "assert_goal_values_are_usable" in checks
    assert "assert_no_source_with_spend_is_suspect" in checks
    assert "assert_no_capture_gap_is_flagged" in checks


def test_alerts_sensor_runs_by_default():
    sensor = defs.resolve_sensor_def("warehouse_alerts")
    assert sensor.default_status.value == "RUNNING"
