"""What a landed file is, before any SQL reads it: the probe behind file-level quarantine.

DuckDB reads many files in one query and stops at the first it cannot read, so the landing
hook (macro ``create_landing_relation``) asks this probe about each new or changed file first
and reads only the files it passed. The probe answers, for one path: the file's kind (from its
extension, any case), its received day (from its folder), whether it is read, quarantined or
skipped (and why), and how many rows it holds as written (the figure reconciliation checks the
staged rows against). JSON lines are checked line by line: a broken line is listed with its
number, the rest of the file is read. dbt-duckdb loads this module as a plugin (profiles.yml,
module ``landed_files``).
"""

from __future__ import annotations

import os
import re
import threading
from datetime import UTC, date, datetime

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import sqltypes
from landed_file_checks import (
    Checked,
    check_csv,
    check_json_lines,
    check_parquet,
    check_snowplow_tsv,
    detail,
)

# Extensions, lower-cased, by the kind of file they hold.
KINDS = {
    "parquet": "parquet",
    "parq": "parquet",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "json": "jsonl",
    "csv": "csv",
}
# The kinds each collector's folder reads, and what a bare `.gz` holds there.
COLLECTOR_KINDS = {
    "contract": {"parquet", "jsonl", "csv"},
    "ga4": {"parquet", "jsonl"},
    "snowplow": {"tsv", "parquet", "jsonl"},
    "segment": {"jsonl", "parquet", "csv"},
}
BARE_GZ_KIND = {"snowplow": "tsv", "segment": "jsonl"}
RECEIVED_DATE = re.compile(r"/received_date=(\d{4}-\d{2}-\d{2})/[^/]+$")
GA4_TABLE_DATE = re.compile(r"/events_(?:intraday_)?(\d{8})(?:/|[^/0-9][^/]*$)")
SEGMENT_RECEIPT_MS = re.compile(r"/(\d{13})/[^/]+$")

BROKEN_LINE_TYPE = "STRUCT(line_number BIGINT, line VARCHAR, reason VARCHAR)"
PROBE_TYPE = (
    "STRUCT(file_kind VARCHAR, received_date DATE, landed_status VARCHAR, reason VARCHAR,"
    f" reason_detail VARCHAR, rows_in_file BIGINT, broken_lines {BROKEN_LINE_TYPE}[])"
)


def file_kind(path: str, collector: str = "contract") -> str:
    """parquet, jsonl, csv, tsv or unknown, from the extension without regard to case.

    A collector's folder also reads gzip-compressed text (`.jsonl.gz`, `.tsv.gz`; a bare `.gz`
    holds the collector's text kind); the contract's folder reads `.tsv` and `.gz` as unknown.
    """
    parts = os.path.basename(path).lower().split(".")
    extensions = parts[1:] if len(parts) > 1 else []
    if collector != "contract" and extensions and extensions[-1] == "gz":
        inner = extensions[-2] if len(extensions) > 1 else ""
        kind = "tsv" if inner == "tsv" else KINDS.get(inner, BARE_GZ_KIND.get(collector, ""))
        return kind if kind in ("jsonl", "csv", "tsv") else "unknown"
    extension = extensions[-1] if extensions else ""
    if extension == "tsv" and collector != "contract":
        return "tsv"
    return KINDS.get(extension, "unknown")


def received_day(path: str, collector: str) -> date | None:
    """The received day of a file, None when absent or not a real date.

    From the folder `received_date=YYYY-MM-DD`; for GA4 also the export table's name
    (`events_YYYYMMDD`, `events_intraday_YYYYMMDD`), for Segment also its S3 folder of the
    receipt time in epoch milliseconds.
    """
    path = path.replace(os.sep, "/")
    try:
        if found := RECEIVED_DATE.search(path):
            return datetime.strptime(found.group(1), "%Y-%m-%d").date()
        if collector == "ga4" and (found := GA4_TABLE_DATE.search(path)):
            return datetime.strptime(found.group(1), "%Y%m%d").date()
        if collector == "segment" and (found := SEGMENT_RECEIPT_MS.search(path)):
            return datetime.fromtimestamp(int(found.group(1)) / 1000, tz=UTC).date()
    except ValueError:
        return None
    return None


def collectors_of(columns: set[str]) -> list[str]:
    """The collectors whose files have these column (or top-level key) names."""
    names = {name.lower() for name in columns}
    signatures = {
        "contract": {"event_id", "event_at"} <= names,
        "ga4": bool(names & {"event_params", "user_pseudo_id"}),
        "snowplow": bool(names & {"collector_tstamp", "domain_userid", "domain_sessionid"}),
        "segment": bool(names & {"messageid", "message_id", "anonymousid", "sent_at", "sentat"}),
    }
    return [collector for collector, matches in signatures.items() if matches]


COLLECTOR_NAMES = {
    "contract": "the landing contract",
    "ga4": "a GA4 BigQuery export",
    "snowplow": "Snowplow enriched events",
    "segment": "Segment",
}


# One in-memory DuckDB connection per thread for the Parquet and CSV checks: opening one per
# file cost 21 ms against 2 ms for the check itself (246 files at 1 million events: 5 s of
# every full build's landing hook; docs/performance.md).
_CONNECTIONS = threading.local()


def _check_connection() -> duckdb.DuckDBPyConnection:
    connection = getattr(_CONNECTIONS, "connection", None)
    if connection is None:
        connection = _CONNECTIONS.connection = duckdb.connect()
    return connection


def _check(path: str, kind: str, flat: set[str]) -> Checked:
    if kind == "jsonl":
        return check_json_lines(path)
    if kind == "tsv":
        return check_snowplow_tsv(path)
    connection = _check_connection()
    try:
        if kind == "parquet":
            return check_parquet(connection, path, flat)
        return check_csv(connection, path)
    except duckdb.Error as error:
        return Checked(reason=f"unreadable_{kind}", detail=detail(error))


def probe(path: str, collector: str, columns: set[str]) -> dict:
    """The probe's answer for one file of a `collector` kind's folder (the module's docstring).

    ``columns`` are the contract's: in the contract's folder, one stored nested quarantines the
    file (a collector's export nests by design).
    """
    kind = file_kind(path, collector)
    received = received_day(path, collector)
    answer = {
        "file_kind": kind,
        "received_date": received,
        "landed_status": "quarantined",
        "reason": None,
        "reason_detail": None,
        "rows_in_file": None,
        "broken_lines": [],
    }
    if os.path.basename(path).startswith((".", "_")):
        answer.update(landed_status="skipped", reason="hidden_or_marker_file")
    elif received is None:
        answer.update(
            reason="outside_received_date_folder",
            reason_detail="not in a folder received_date=YYYY-MM-DD (a real date)",
        )
    elif kind == "tsv" and collector != "snowplow":
        answer.update(
            reason="other_collector_file",
            reason_detail=f"a .tsv file (Snowplow enriched events) in a {collector} folder",
        )
    elif kind not in COLLECTOR_KINDS.get(collector, set()):
        readable = ", ".join(sorted(COLLECTOR_KINDS.get(collector, set())))
        answer.update(
            reason="unknown_file_kind",
            reason_detail=f"not a kind a {collector} folder reads ({readable})",
        )
    elif os.path.getsize(path) == 0:
        # A Parquet file always has a footer; an empty text file holds no rows.
        if kind == "parquet":
            answer.update(reason="empty_file", reason_detail="0 bytes, no Parquet footer")
        else:
            answer.update(landed_status="read", rows_in_file=0)
    else:
        checked = _check(path, kind, columns if collector == "contract" else set())
        owners = collectors_of(checked.columns)
        if checked.reason:
            answer.update(reason=checked.reason, reason_detail=checked.detail)
        elif owners and collector not in owners:
            answer.update(
                reason="other_collector_file",
                reason_detail=f"columns of {COLLECTOR_NAMES[owners[0]]} in a {collector} folder",
            )
        else:
            answer.update(
                landed_status="read", rows_in_file=checked.rows, broken_lines=checked.broken_lines
            )
    return answer


class Plugin(BasePlugin):
    """dbt-duckdb plugin: registers ``cw_probe_landed_file(path, collector, columns)``."""

    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Register the probe on a new connection (dbt-duckdb calls this)."""
        conn.create_function(
            "cw_probe_landed_file",
            lambda path, collector, columns: probe(path, collector, set(columns)),
            [sqltypes.VARCHAR, sqltypes.VARCHAR, duckdb.list_type(sqltypes.VARCHAR)],
            sqltypes.DuckDBPyType(PROBE_TYPE),
            side_effects=True,
        )
