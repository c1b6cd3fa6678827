"""The assets: landed events (generated in demo mode) and the dbt project's models and seeds."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from dagster import (
    AssetExecutionContext,
    AssetSpec,
    BackfillPolicy,
    Config,
    MaterializeResult,
    asset,
)
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_args import dbt_build_args, environment, partition_env
from orchestration.dbt_resources import WarehouseTranslator, dbt_project, ensure_manifest
from orchestration.partitions import daily_partitions
from orchestration.settings import load_settings

LANDING_ASSET_KEY = "landing_events"
LANDING_DESCRIPTION = (
    "Raw events under <landing>/events/received_date=YYYY-MM-DD/ (Parquet, JSON lines, CSV), "
    "and each collector's folder of CW_COLLECTORS (GA4, Snowplow, Segment: docs/collectors.md), "
    "one partition per received day."
)

ensure_manifest()


@asset(
    name=LANDING_ASSET_KEY,
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    group_name="landing",
    description=LANDING_DESCRIPTION + " Demo mode: written by the sample-event generator.",
    kinds={"parquet"},
)
def demo_landing_events(context: AssetExecutionContext) -> MaterializeResult:
    """Generate the sample events received on the partition's days (demo mode only)."""
    from tools.sample_events import GeneratorConfig, generate_landing

    settings = load_settings()
    window = context.partition_time_window
    first, last = window.start.date(), window.end.date() - timedelta(days=1)
    received = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    in_sample = [
        day for day in received if settings.demo_start_date <= day <= settings.demo_end_date
    ]
    if not in_sample:
        raise ValueError(
            f"partitions {first}..{last} lie outside the demo sample window "
            f"{settings.demo_start_date}..{settings.demo_end_date} (CW_DEMO_START_DATE / "
            "CW_DEMO_END_DATE)"
        )
    config = GeneratorConfig(
        start_date=settings.demo_start_date,
        end_date=settings.demo_end_date,
        seed=settings.demo_seed,
        visitors_per_day=settings.demo_visitors_per_day,
    )
    summary = generate_landing(settings.landing_path, config, received_dates=in_sample)
    totals: dict[str, Any] = summary.to_dict().get("total", {})
    context.log.info("generated %s rows for %s received day(s)", totals, len(in_sample))
    return MaterializeResult(
        metadata={
            "received_days": len(in_sample),
            "landing_path": str(settings.landing_path),
            **{key: value for key, value in totals.items() if isinstance(value, int)},
        }
    )


class WarehouseBuildConfig(Config):
    """Run configuration of the dbt build (the launchpad's ``warehouse_dbt_assets`` op)."""

    full_refresh: bool = False
    """Rebuild every incremental model from all days up to the window's last day."""


external_landing_events = AssetSpec(
    key=LANDING_ASSET_KEY,
    partitions_def=daily_partitions,
    group_name="landing",
    description=LANDING_DESCRIPTION + " Written by the collectors (outside Dagster).",
    kinds={"parquet"},
)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    dagster_dbt_translator=WarehouseTranslator(),
    op_tags={"conversion_warehouse/writes": "duckdb"},
)
def warehouse_dbt_assets(
    context: AssetExecutionContext, dbt: DbtCliResource, config: WarehouseBuildConfig
) -> Iterator[Any]:
    """``dbt build`` (models, seeds, unit and data tests) for the partition window.

    Incremental models process the received days of the window (docs/decisions/0005); with
    ``full_refresh`` they are rebuilt from every day up to the window's end.
    """
    settings = load_settings()
    settings.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    window = context.partition_time_window
    # Publication is the published_marts asset's step, not dbt's on-run-end hook.
    publish_env = {"CW_PUBLISH_ON_RUN_END": "false"}
    with environment({**partition_env(window.start, window.end), **publish_env}):
        args = dbt_build_args(full_refresh=config.full_refresh)
        yield from dbt.cli(args, context=context).stream()
