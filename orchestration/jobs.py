"""The daily warehouse job and its schedule."""

from __future__ import annotations

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    build_schedule_from_partitioned_job,
    define_asset_job,
)

from orchestration.assets import LANDING_ASSET_KEY, WAREHOUSE_DBT_ASSETS
from orchestration.report_assets import marketing_report
from orchestration.serving_assets import published_marts
from orchestration.settings import load_settings


def _selection() -> AssetSelection:
    selection = AssetSelection.assets(*WAREHOUSE_DBT_ASSETS, published_marts, marketing_report)
    if load_settings().demo_mode:
        selection = selection | AssetSelection.assets(LANDING_ASSET_KEY)
    return selection


daily_warehouse_build = define_asset_job(
    name="daily_warehouse_build",
    selection=_selection(),
    description=(
        "Builds and tests the warehouse (dbt build) for a range of received days, then publishes "
        "the marts for BI tools and rebuilds the marketing report; in demo mode it first "
        "generates the sample events of those days."
    ),
    tags={"conversion_warehouse/writes": "duckdb"},
)

# Running as soon as a daemon loads the code location, unless CW_DAILY_SCHEDULE=0 (how to stop
# it: docs/operations.md).
daily_warehouse_schedule = build_schedule_from_partitioned_job(
    daily_warehouse_build,
    name="daily_warehouse_schedule",
    hour_of_day=0,
    minute_of_hour=15,
    description="Shortly after midnight UTC, builds the day before.",
    default_status=(
        DefaultScheduleStatus.RUNNING
        if load_settings().daily_schedule_running
        else DefaultScheduleStatus.STOPPED
    ),
)
