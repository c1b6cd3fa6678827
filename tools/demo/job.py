"""Run the daily Dagster job in process over a range of received days, recorded in DAGSTER_HOME."""

from __future__ import annotations

from datetime import date

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


def run_daily_job(start: date, end: date) -> bool:
    """Run ``daily_warehouse_build`` for the received days ``start``..``end`` (one run)."""
    from dagster import DagsterInstance

    from orchestration.dbt_resources import ensure_manifest

    ensure_manifest(force=True)  # the project may have changed since the last parse

    from orchestration.definitions import defs
    from orchestration.instance import prepare_dagster_home

    prepare_dagster_home()
    job = defs.get_job_def("daily_warehouse_build")
    with DagsterInstance.get() as instance:
        result = job.execute_in_process(
            # Dagster's own console log at warning level: the summary is what a reader wants.
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            instance=instance,
            tags={RANGE_START_TAG: start.isoformat(), RANGE_END_TAG: end.isoformat()},
            raise_on_error=False,
        )
    return result.success
