"""Publish the marts of a successful build: to PostgreSQL and to a marts-only DuckDB file.

PostgreSQL (schema ``marts``): one transaction for every table, so a reader sees the previous
build or the new one, never a mix, and a pooled connection sees the new build on its next query.
Rows are replaced with ``delete`` and ``copy``, which take row locks only: a reader's open
transaction never blocks a publication, and a publication never blocks a reader. Only what changed
is copied: each mart's rows are fingerprinted (row count and the sum of the rows' hashes) per
partition (``meta.publish_partition_by`` in the mart's YAML, a date column of the large facts),
or as a whole; a partition whose fingerprint equals the published one is left alone. A changed
column list replaces the table (that one statement waits for readers of the old table, at most
``lock_timeout``). ``cw_publication.builds`` records each publication.

DuckDB (``conversion_warehouse_marts.duckdb``): the marts' tables only, written to a new file
that replaces the old one atomically; readers open it read-only and keep the file they opened.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import psycopg
from psycopg import sql

from serving.server import publisher_dsn
from serving.settings import (
    MARTS_SCHEMA,
    PUBLICATION_SCHEMA,
    ServingSettings,
    load_serving_settings,
)

NULL_PARTITION = "(null)"
LOCK_TIMEOUT = "30s"
_FILE_ALIAS = "cw_marts_file"
_SIMPLE_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "TINYINT": "smallint",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric",
    "HUGEINT": "numeric",
    "UHUGEINT": "numeric",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp without time zone",
    "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
    "TIME": "time without time zone",
    "INTERVAL": "interval",
    "UUID": "uuid",
}


@dataclass(frozen=True)
class MartSpec:
    """A mart to publish: its DuckDB relation, the column it is published by, its descriptions."""

    schema: str
    name: str
    partition_by: str | None = None
    description: str = ""
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class TableReport:
    """What the publication did to one table."""

    name: str
    action: str  # unchanged, partitions, rewritten (all rows), created, recreated (new columns)
    partitions_copied: int = 0
    partitions_deleted: int = 0
    rows_copied: int = 0


# The folders of models/ that are published: the marts, and the semantic layer's time spine
# (MetricFlow reads the published file: docs/metrics.md).
PUBLISHED_FOLDERS = ("marts", "semantic")


def marts_from_manifest(manifest_path: Path) -> list[MartSpec]:
    """The published tables of a dbt manifest (models under models/marts, models/semantic)."""
    manifest = json.loads(manifest_path.read_text())
    return marts_from_nodes(manifest["nodes"].values())


def marts_from_nodes(nodes: Any) -> list[MartSpec]:
    """Mart tables among manifest nodes (dicts), sorted by name."""
    marts = []
    for node in nodes:
        if node.get("resource_type") != "model" or node["fqn"][1] not in PUBLISHED_FOLDERS:
            continue
        config = node.get("config", {})
        if config.get("materialized") not in {"table", "incremental"}:
            continue
        marts.append(
            MartSpec(
                schema=node["schema"],
                name=node.get("alias") or node["name"],
                partition_by=config.get("meta", {}).get("publish_partition_by"),
                description=" ".join((node.get("description") or "").split()),
                columns={
                    name: " ".join((column.get("description") or "").split())
                    for name, column in node.get("columns", {}).items()
                },
            )
        )
    return sorted(marts, key=lambda mart: mart.name)


def postgres_type(duckdb_type: str) -> str:
    """The PostgreSQL type a DuckDB column is published as (lists, structs and maps as jsonb)."""
    upper = duckdb_type.upper()
    if upper in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[upper]
    if upper.startswith("DECIMAL"):
        return "numeric" + upper[len("DECIMAL") :].replace(" ", "")
    if upper.startswith("VARCHAR"):
        return "text"
    return "jsonb"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(connection: Any, mart: MartSpec) -> list[tuple[str, str]]:
    rows = connection.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_catalog = current_database() and table_schema = ? and table_name = ?"
        " order by ordinal_position",
        [mart.schema, mart.name],
    ).fetchall()
    if not rows:
        raise ValueError(f"mart {mart.schema}.{mart.name} is not in the warehouse")
    return [(name, postgres_type(data_type)) for name, data_type in rows]


def _partition_expression(mart: MartSpec) -> str:
    if not mart.partition_by:
        return "''"
    return f"coalesce(cast({_quoted(mart.partition_by)} as varchar), '{NULL_PARTITION}')"


def _fingerprints(connection: Any, mart: MartSpec) -> dict[str, tuple[int, str]]:
    rows = connection.execute(
        f"select {_partition_expression(mart)} as partition_key, count(*),"
        f" coalesce(cast(sum(hash(t)) as varchar), '0')"
        f" from {_quoted(mart.schema)}.{_quoted(mart.name)} as t group by all"
    ).fetchall()
    return {key: (count, fingerprint) for key, count, fingerprint in rows}


def _export(
    connection: Any,
    mart: MartSpec,
    columns: list[tuple[str, str]],
    keys: list[str] | None,
    path: Path,
) -> None:
    """Write the rows of ``keys`` (every row when None) to a headerless CSV file."""
    select = ", ".join(
        f"to_json({_quoted(name)})" if pg_type == "jsonb" else _quoted(name)
        for name, pg_type in columns
    )
    where = ""
    if keys is not None:
        literals = ", ".join("'" + key.replace("'", "''") + "'" for key in keys)
        where = f" where {_partition_expression(mart)} in ({literals})"
    literal_path = str(path).replace("'", "''")
    connection.execute(
        f"copy (select {select} from {_quoted(mart.schema)}.{_quoted(mart.name)}{where})"
        f" to '{literal_path}' (format csv, header false)"
    )


def _ensure_publication_tables(cursor: Any) -> None:
    cursor.execute(
        sql.SQL(
            "create table if not exists {schema}.partitions ("
            " relation text not null, partition_key text not null, row_count bigint not null,"
            " fingerprint text not null, primary key (relation, partition_key))"
        ).format(schema=sql.Identifier(PUBLICATION_SCHEMA))
    )
    cursor.execute(
        sql.SQL(
            "create table if not exists {schema}.builds ("
            " build_id text primary key, published_at timestamptz not null, origin text not null,"
            " tables_changed integer not null, partitions_copied integer not null,"
            " rows_copied bigint not null, seconds double precision not null)"
        ).format(schema=sql.Identifier(PUBLICATION_SCHEMA))
    )


def _published_columns(cursor: Any, name: str) -> list[tuple[str, str]]:
    return cursor.execute(
        "select attribute.attname, format_type(attribute.atttypid, attribute.atttypmod)"
        " from pg_attribute as attribute"
        " join pg_class as relation on relation.oid = attribute.attrelid"
        " join pg_namespace as namespace on namespace.oid = relation.relnamespace"
        " where namespace.nspname = %s and relation.relname = %s"
        " and attribute.attnum > 0 and not attribute.attisdropped order by attribute.attnum",
        [MARTS_SCHEMA, name],
    ).fetchall()


def _comment(cursor: Any, mart: MartSpec, columns: list[tuple[str, str]]) -> None:
    table = sql.Identifier(MARTS_SCHEMA, mart.name)
    if mart.description:
        cursor.execute(
            sql.SQL("comment on table {} is {}").format(table, sql.Literal(mart.description))
        )
    for name, _ in columns:
        if mart.columns.get(name):
            cursor.execute(
                sql.SQL("comment on column {} is {}").format(
                    sql.Identifier(MARTS_SCHEMA, mart.name, name), sql.Literal(mart.columns[name])
                )
            )


def _copy_in(cursor: Any, mart: MartSpec, columns: list[tuple[str, str]], path: Path) -> int:
    statement = sql.SQL("copy {} ({}) from stdin (format csv)").format(
        sql.Identifier(MARTS_SCHEMA, mart.name),
        sql.SQL(", ").join(sql.Identifier(name) for name, _ in columns),
    )
    with cursor.copy(statement) as copy, path.open("rb") as file:
        while chunk := file.read(1 << 20):
            copy.write(chunk)
    return cursor.rowcount


def _publish_table(
    cursor: Any,
    connection: Any,
    mart: MartSpec,
    current: dict[str, tuple[int, str]],
    scratch: Path,
) -> TableReport:
    columns = _columns(connection, mart)
    report = TableReport(name=mart.name, action="unchanged")
    published = _published_columns(cursor, mart.name)
    partitions = sql.Identifier(PUBLICATION_SCHEMA, "partitions")
    table = sql.Identifier(MARTS_SCHEMA, mart.name)
    if published != columns:
        report.action = "recreated" if published else "created"
        cursor.execute(sql.SQL("drop table if exists {}").format(table))
        cursor.execute(
            sql.SQL("create table {} ({})").format(
                table,
                sql.SQL(", ").join(
                    sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type))
                    for name, pg_type in columns
                ),
            )
        )
        cursor.execute(
            sql.SQL("delete from {} where relation = %s").format(partitions), [mart.name]
        )
        _comment(cursor, mart, columns)
    stored = {
        key: (count, fingerprint)
        for key, count, fingerprint in cursor.execute(
            sql.SQL(
                "select partition_key, row_count, fingerprint from {} where relation = %s"
            ).format(partitions),
            [mart.name],
        ).fetchall()
    }
    changed = sorted(key for key, value in current.items() if stored.get(key) != value)
    gone = sorted(key for key in stored if key not in current)
    if not changed and not gone:
        return report
    if report.action == "unchanged":
        report.action = "partitions" if mart.partition_by else "rewritten"
    everything = len(changed) == len(current) and not (set(stored) - set(gone) - set(changed))
    if stored and (everything or not mart.partition_by):
        cursor.execute(sql.SQL("delete from {}").format(table))
    elif stored:
        cursor.execute(
            sql.SQL("delete from {} where coalesce(cast({} as text), %s) = any(%s)").format(
                table, sql.Identifier(mart.partition_by)
            ),
            [NULL_PARTITION, changed + gone],
        )
    report.partitions_deleted = len(gone)
    if changed:
        path = scratch / f"{mart.name}.csv"
        _export(connection, mart, columns, None if everything else changed, path)
        report.rows_copied = _copy_in(cursor, mart, columns, path)
        path.unlink()
        report.partitions_copied = len(changed)
    cursor.execute(
        sql.SQL("delete from {} where relation = %s and partition_key = any(%s)").format(
            partitions
        ),
        [mart.name, changed + gone],
    )
    if changed:
        cursor.executemany(
            sql.SQL(
                "insert into {} (relation, partition_key, row_count, fingerprint)"
                " values (%s, %s, %s, %s)"
            ).format(partitions),
            [(mart.name, key, *current[key]) for key in changed],
        )
    return report


def publish_postgres(
    connection: Any,
    marts: list[MartSpec],
    fingerprints: dict[str, dict[str, tuple[int, str]]],
    dsn: str,
    build_id: str,
    origin: str,
    scratch: Path,
) -> list[TableReport]:
    """Publish the marts to PostgreSQL in one transaction; return what changed per table."""
    started = time.perf_counter()
    with psycopg.connect(dsn) as pg, pg.cursor() as cursor:
        cursor.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT)))
        _ensure_publication_tables(cursor)
        reports = [
            _publish_table(cursor, connection, mart, fingerprints[mart.name], scratch)
            for mart in marts
        ]
        names = {mart.name for mart in marts}
        for (stale,) in cursor.execute(
            "select tablename from pg_tables where schemaname = %s", [MARTS_SCHEMA]
        ).fetchall():
            if stale not in names:
                cursor.execute(sql.SQL("drop table {}").format(sql.Identifier(MARTS_SCHEMA, stale)))
                cursor.execute(
                    sql.SQL("delete from {} where relation = %s").format(
                        sql.Identifier(PUBLICATION_SCHEMA, "partitions")
                    ),
                    [stale],
                )
                reports.append(TableReport(name=stale, action="dropped"))
        cursor.execute(
            sql.SQL(
                "insert into {} (build_id, published_at, origin, tables_changed,"
                " partitions_copied, rows_copied, seconds) values (%s, now(), %s, %s, %s, %s, %s)"
            ).format(sql.Identifier(PUBLICATION_SCHEMA, "builds")),
            [
                build_id,
                origin,
                sum(report.action != "unchanged" for report in reports),
                sum(report.partitions_copied for report in reports),
                sum(report.rows_copied for report in reports),
                time.perf_counter() - started,
            ],
        )
    return reports


def _file_content(path: Path) -> str | None:
    """The content fingerprint recorded in a published marts file (None: none readable)."""
    try:
        with duckdb.connect(str(path), read_only=True) as published:
            return published.execute("select content from cw_publication").fetchone()[0]
    except (duckdb.Error, TypeError):
        return None


def publish_duckdb_file(
    connection: Any,
    marts: list[MartSpec],
    content: str,
    path: Path,
    build_id: str,
    origin: str,
) -> bool:
    """Write the marts' tables to a new DuckDB file and move it over ``path`` atomically.

    ``content`` fingerprints every mart (and the list of marts); a file that records the same
    is left as it is (False).
    """
    if path.exists() and _file_content(path) == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
        leftover.unlink(missing_ok=True)
    literal_path = str(temporary).replace("'", "''")
    connection.execute(f"attach '{literal_path}' as {_FILE_ALIAS}")
    try:
        for mart in marts:
            target = f"{_FILE_ALIAS}.main.{_quoted(mart.name)}"
            source = f"{_quoted(mart.schema)}.{_quoted(mart.name)}"
            connection.execute(f"create table {target} as select * from {source}")
            if mart.description:
                description = mart.description.replace("'", "''")
                connection.execute(f"comment on table {target} is '{description}'")
        connection.execute(
            f"create table {_FILE_ALIAS}.main.cw_publication as select ? as build_id,"
            " cast(? as timestamptz) as published_at, ? as origin, ? as content",
            [build_id, datetime.now(UTC).isoformat(), origin, content],
        )
    finally:
        connection.execute(f"detach {_FILE_ALIAS}")
    os.replace(temporary, path)
    return True


def publish(
    connection: Any,
    marts: list[MartSpec],
    origin: str,
    settings: ServingSettings | None = None,
) -> dict[str, Any]:
    """Publish to the marts-only DuckDB file and, when serving is set up, to PostgreSQL.

    ``connection`` is a DuckDB connection (or cursor) of the warehouse. The report is also
    written beside the warehouse as ``publication.json``.
    """
    settings = settings or load_serving_settings()
    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    started = time.perf_counter()
    report: dict[str, Any] = {"build_id": build_id, "origin": origin, "marts": len(marts)}
    fingerprints = {mart.name: _fingerprints(connection, mart) for mart in marts}
    content = hashlib.sha256(
        json.dumps(
            [[asdict(mart), sorted(fingerprints[mart.name].items())] for mart in marts]
        ).encode()
    ).hexdigest()
    report["fingerprint_seconds"] = round(time.perf_counter() - started, 3)
    file_started = time.perf_counter()
    report["duckdb_file_written"] = publish_duckdb_file(
        connection, marts, content, settings.marts_duckdb_path, build_id, origin
    )
    report["duckdb_file"] = str(settings.marts_duckdb_path)
    report["duckdb_file_seconds"] = round(time.perf_counter() - file_started, 3)
    dsn = publisher_dsn(settings)
    if dsn is None:
        report["postgres"] = "not set up (make serve)" if settings.enabled else "off"
    else:
        scratch = Path(tempfile.mkdtemp(prefix="publish-", dir=settings.warehouse_path.parent))
        pg_started = time.perf_counter()
        try:
            tables = publish_postgres(
                connection, marts, fingerprints, dsn, build_id, origin, scratch
            )
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        report["postgres"] = "published"
        report["postgres_seconds"] = round(time.perf_counter() - pg_started, 3)
        report["tables"] = [asdict(table) for table in tables]
        report["rows_copied"] = sum(table.rows_copied for table in tables)
    report["seconds"] = round(time.perf_counter() - started, 3)
    record = settings.warehouse_path.parent / "publication.json"
    record.write_text(json.dumps(report, indent=2) + "\n")
    return report


def summary(report: dict[str, Any]) -> str:
    """One line on a publication, for logs."""
    file_done = "written" if report["duckdb_file_written"] else "unchanged"
    line = (
        f"published {report['marts']} marts (build {report['build_id']}): {report['duckdb_file']}"
        f" {file_done} in {report['duckdb_file_seconds']} s"
    )
    if report.get("postgres") == "published":
        changed = [table for table in report["tables"] if table["action"] != "unchanged"]
        line += (
            f" and to PostgreSQL in {report['postgres_seconds']} s: {len(changed)} tables changed,"
            f" {report['rows_copied']} rows copied"
        )
    else:
        line += f"; PostgreSQL: {report['postgres']}"
    return line
