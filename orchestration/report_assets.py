"""The marketing report as a Dagster step: the ``marketing_report`` asset, after publication.

It rebuilds ``warehouse/report/`` (reporting/, docs/report.md) from the marts-only DuckDB file
that ``published_marts`` just wrote, opened read-only: the build's own file is never read.
"""

from dagster import (
    AssetExecutionContext,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    asset,
)

from orchestration.serving_assets import published_marts
from orchestration.settings import load_settings
from reporting.build import build_report, default_marts_file

MARKETING_REPORT_KEY = "marketing_report"


@asset(
    name=MARKETING_REPORT_KEY,
    deps=[published_marts],
    group_name="serving",
    description=(
        "The marketing report a browser opens: funnel, attribution, micro-conversion lift, "
        "daily trends, traffic quality and path charts of the published marts "
        "(warehouse/report/index.html, a PNG per chart; docs/report.md)."
    ),
    kinds={"html"},
    # a partition range runs as one run (the CLI's --partition-range requires it of every asset)
    backfill_policy=BackfillPolicy.single_run(),
)
def marketing_report(context: AssetExecutionContext) -> MaterializeResult:
    """Rebuild the report from the published marts file."""
    if load_settings().dbt_target != "duckdb" or not default_marts_file().exists():
        context.log.info("no published marts file (DuckDB targets only): no report")
        return MaterializeResult(metadata={"built": False})
    report = build_report()
    context.log.info(
        "report %s: %d charts in %s s", report.index, len(report.charts), report.seconds
    )
    return MaterializeResult(
        metadata={
            "built": True,
            "index": MetadataValue.path(str(report.index)),
            "charts": len(report.charts),
            "charts_without_data": MetadataValue.text(", ".join(report.empty) or "none"),
            "seconds": report.seconds,
        }
    )
