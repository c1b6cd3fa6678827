"""Row counts and column schemas of the relations a dbt step built, as asset metadata.

dbt-duckdb holds the warehouse file open (read-write) for its whole run, so nothing else can read
it meanwhile; the dbt step therefore collects dagster-dbt's events and annotates them after dbt
has exited, with one read-only connection (see ``annotated``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
from dagster import MetadataValue, Output, TableColumn, TableSchema

# Materializations whose rows are counted: a view would read the landed files again.
COUNTED_MATERIALIZATIONS = {"table", "incremental", "seed"}


def relation_metadata(
    database_path: Path, relations: Mapping[str, tuple[str, str, bool]]
) -> dict[str, dict[str, Any]]:
    """The row count and column schema of each relation, by dbt unique id.

    ``relations`` maps a unique id to ``(schema, identifier, counted)``; a relation that does not
    exist (its model failed or was skipped) gets no metadata.
    """
    if not relations or not database_path.exists():
        return {}
    with duckdb.connect(str(database_path), read_only=True) as connection:
        columns: dict[tuple[str, str], list[TableColumn]] = {}
        for schema, table, column, data_type in connection.execute(
            "select table_schema, table_name, column_name, data_type"
            " from information_schema.columns where table_catalog = current_database()"
            " order by table_schema, table_name, ordinal_position"
        ).fetchall():
            columns.setdefault((schema, table), []).append(
                TableColumn(name=column, type=data_type.lower())
            )
        metadata = {}
        for unique_id, (schema, identifier, counted) in relations.items():
            found = columns.get((schema, identifier))
            if found is None:
                continue
            # Dagster's documented keys: the asset page shows them as "Row count" and "Columns".
            values: dict[str, Any] = {
                "dagster/column_schema": MetadataValue.table_schema(TableSchema(columns=found))
            }
            if counted:
                (row_count,) = connection.execute(
                    f'select count(*) from "{schema}"."{identifier}"'
                ).fetchone()
                values["dagster/row_count"] = MetadataValue.int(row_count)
            metadata[unique_id] = values
    return metadata


def annotated(
    events: Iterable[Any], manifest: Mapping[str, Any], database_path: Path
) -> Iterator[Any]:
    """The events of a finished dbt step, each model's and seed's Output with its table metadata."""
    events = list(events)
    nodes = manifest["nodes"]
    relations = {}
    for event in events:
        unique_id = event.metadata.get("unique_id") if isinstance(event, Output) else None
        node = nodes.get(getattr(unique_id, "value", unique_id))
        if node:
            counted = node["config"].get("materialized") in COUNTED_MATERIALIZATIONS
            relations[node["unique_id"]] = (node["schema"], node["alias"], counted)
    metadata = relation_metadata(database_path, relations)
    for event in events:
        unique_id = event.metadata.get("unique_id") if isinstance(event, Output) else None
        extra = metadata.get(getattr(unique_id, "value", unique_id))
        yield event.with_metadata({**event.metadata, **extra}) if extra else event
