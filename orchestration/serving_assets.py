"""Publication as a Dagster step: the ``published_marts`` asset, downstream of every mart.

It publishes the marts of the build that just ran (serving/publish.py): to the marts-only DuckDB
file, and to PostgreSQL when serving is set up (``make serve``). Dagster's own dbt runs do not
publish in dbt's on-run-end hook (CW_PUBLISH_ON_RUN_END=false): a failed build step skips this
asset, so a failed build publishes nothing.
"""

import duckdb
from dagster import (
    AssetExecutionContext,
    AssetKey,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    asset,
)

from orchestration.dbt_resources import dbt_project
from orchestration.settings import load_settings
from serving.publish import marts_from_manifest, publish, summary
from serving.settings import load_serving_settings

PUBLISHED_MARTS_KEY = "published_marts"
MARTS = marts_from_manifest(dbt_project.manifest_path)


@asset(
    name=PUBLISHED_MARTS_KEY,
    deps=[AssetKey(mart.name) for mart in MARTS],
    group_name="serving",
    description=(
        "The marts as BI tools read them: schema marts of the PostgreSQL server (read-only role "
        "cw_reader) and the marts-only DuckDB file, replaced in one transaction after each "
        "successful build (docs/serving.md)."
    ),
    kinds={"postgres", "duckdb"},
    # a partition range runs as one run (the CLI's --partition-range requires it of every asset)
    backfill_policy=BackfillPolicy.single_run(),
    op_tags={"conversion_warehouse/writes": "duckdb"},
)
def published_marts(context: AssetExecutionContext) -> MaterializeResult:
    """Publish the marts of the warehouse as the build left it."""
    settings = load_settings()
    if settings.dbt_target != "duckdb":
        context.log.info("target %s: nothing to publish (DuckDB only)", settings.dbt_target)
        return MaterializeResult(metadata={"published": False})
    serving = load_serving_settings()
    with duckdb.connect(str(settings.duckdb_path)) as connection:
        report = publish(connection, MARTS, origin="dagster", settings=serving)
    context.log.info(summary(report))
    metadata = {
        "build_id": report["build_id"],
        "marts": report["marts"],
        "duckdb_file": MetadataValue.path(report["duckdb_file"]),
        "duckdb_file_seconds": report["duckdb_file_seconds"],
        "postgres": report["postgres"],
    }
    if report["postgres"] == "published":
        metadata["postgres_seconds"] = report["postgres_seconds"]
        metadata["rows_copied"] = report["rows_copied"]
        metadata["tables_changed"] = sum(
            table["action"] != "unchanged" for table in report["tables"]
        )
    return MaterializeResult(metadata=metadata)
