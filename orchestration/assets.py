"""The assets: landed events (generated in demo mode) and the dbt project's models and seeds.

The dbt project is three asset definitions, by the named selections of ``selectors.yml``: only the
received-day chain is partitioned (docs/decisions/0021-dagster-operations.md); the seeds and
rules upstream of it and the all-time reports downstream are not, so that the UI shows them
materialized or not rather than "309 missing" partitions.
"""

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from dagster import (
    AssetExecutionContext,
    AssetsDefinition,
    AssetSpec,
    BackfillPolicy,
    Config,
    MaterializeResult,
    asset,
)
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.asset_metadata import annotated
from orchestration.dbt_args import (
    dbt_build_args,
    environment,
    partition_env,
    run_partition_window,
)
from orchestration.dbt_resources import (
    LANDING_ASSET_KEY,
    WarehouseTranslator,
    dbt_project,
    ensure_manifest,
)
from orchestration.partitions import daily_partitions
from orchestration.settings import load_settings

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


external_landing_events = AssetSpec(
    key=LANDING_ASSET_KEY,
    partitions_def=daily_partitions,
    group_name="landing",
    description=LANDING_DESCRIPTION + " Written by the collectors (outside Dagster).",
    kinds={"parquet"},
)


class WarehouseBuildConfig(Config):
    """Run configuration of a dbt step (in the launchpad, under ``ops: <step>: config``)."""

    full_refresh: bool = False
    """Rebuild every incremental model (and seed) from all days up to the window's last day."""


def build_dbt_step(
    context: AssetExecutionContext, dbt: DbtCliResource, config: WarehouseBuildConfig
) -> Iterator[Any]:
    """``dbt build`` of one step's selection for the run's received-day window.

    Incremental models process the received days of the window (docs/decisions/0005); with
    ``full_refresh`` they are rebuilt from every day up to the window's end. Every step of a
    partitioned run passes dbt the same window (read from the run's tags), since some views
    compile it in. The models' Outputs carry row counts and column schemas, read after dbt exits.
    """
    settings = load_settings()
    settings.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    window = run_partition_window(context.run.tags)
    # Publication is the published_marts asset's step, not dbt's on-run-end hook.
    env = {"CW_PUBLISH_ON_RUN_END": "false", **(partition_env(*window) if window else {})}
    # buildable: a test runs in the step that builds the last of its parents
    env["DBT_INDIRECT_SELECTION"] = "buildable"
    events: list[Any] = []
    with environment(env):
        invocation = dbt.cli(dbt_build_args(full_refresh=config.full_refresh), context=context)
        try:
            events.extend(invocation.stream())
        finally:
            if settings.dbt_target == "duckdb":
                events = list(annotated(events, dbt_project_manifest(), settings.duckdb_path))
    yield from events


def dbt_project_manifest() -> dict[str, Any]:
    """The parsed dbt manifest (target/manifest.json)."""
    return json.loads(dbt_project.manifest_path.read_text())


def _dbt_step(name: str, selector: str, partitioned: bool) -> AssetsDefinition:
    """One dbt step: the assets of a named selection of selectors.yml."""

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        selector=selector,
        name=name,
        partitions_def=daily_partitions if partitioned else None,
        # single run also unpartitioned: the CLI runs a partition range only so
        backfill_policy=BackfillPolicy.single_run(),
        dagster_dbt_translator=WarehouseTranslator(),
        op_tags={"conversion_warehouse/writes": "duckdb"},
    )
    def step(
        context: AssetExecutionContext, dbt: DbtCliResource, config: WarehouseBuildConfig
    ) -> Iterator[Any]:
        yield from build_dbt_step(context, dbt, config)

    return step


# seeds, their validations and marketing spend
configuration_dbt_assets = _dbt_step("dbt_configuration", "configuration", partitioned=False)
# the received-day chain, for the run's days
received_day_dbt_assets = _dbt_step(
    "dbt_received_days", "received_day_partitioned", partitioned=True
)
# what is rebuilt whole downstream of the received days
report_dbt_assets = _dbt_step("dbt_all_time_reports", "all_time_reports", partitioned=False)
WAREHOUSE_DBT_ASSETS = (configuration_dbt_assets, received_day_dbt_assets, report_dbt_assets)
