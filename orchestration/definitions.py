"""The Dagster code location: the one entry point (``dagster dev -m orchestration.definitions``)."""

from __future__ import annotations

from dagster import Definitions

from orchestration.assets import (
    WAREHOUSE_DBT_ASSETS,
    demo_landing_events,
    external_landing_events,
)
from orchestration.dbt_resources import dbt_resource
from orchestration.jobs import daily_warehouse_build, daily_warehouse_schedule
from orchestration.report_assets import marketing_report
from orchestration.sensors import warehouse_alerts
from orchestration.serving_assets import published_marts
from orchestration.settings import load_settings

defs = Definitions(
    assets=[
        demo_landing_events if load_settings().demo_mode else external_landing_events,
        *WAREHOUSE_DBT_ASSETS,
        published_marts,
        marketing_report,
    ],
    jobs=[daily_warehouse_build],
    schedules=[daily_warehouse_schedule],
    sensors=[warehouse_alerts],
    resources={"dbt": dbt_resource()},
)
