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

import json
import os
import re
from datetime import datetime

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import sqltypes

# Extensions, lower-cased, by the kind of file they hold.
KINDS = {
    "parquet": "parquet",
    "parq": "parquet",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "json": "jsonl",
    "csv": "csv",
}
RECEIVED_DATE = re.compile(r"/received_date=(\d{4}-\d{2}-\d{2})/[^/]+$")
NESTED_TYPE = re.compile(r"^(STRUCT|MAP|UNION)\(|\[\d*\]$")
DETAIL_CHARS = 300
LINE_CHARS = 2000

BROKEN_LINE_TYPE = "STRUCT(line_number BIGINT, line VARCHAR, reason VARCHAR)"
PROBE_TYPE = (
    "STRUCT(file_kind VARCHAR, received_date DATE, landed_status VARCHAR, reason VARCHAR,"
    f" reason_detail VARCHAR, rows_in_file BIGINT, broken_lines {BROKEN_LINE_TYPE}[])"
)


def file_kind(path: str) -> str:
    """parquet, jsonl, csv or unknown, from the extension without regard to case."""
    name = os.path.basename(path)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return KINDS.get(extension, "unknown")


def _detail(error: BaseException) -> str:
    """The first line of an error message, shortened: DuckDB appends the failing query."""
    lines = str(error).strip().splitlines() or [type(error).__name__]
    text = " ".join(lines[0].split())
    return text[:DETAIL_CHARS]


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _broken_lines(text: str) -> tuple[int, list[dict]]:
    """Rows (non-blank lines) and the lines that are not one JSON object each."""
    rows = 0
    broken = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip().lstrip("\ufeff")
        if not stripped:
            continue
        rows += 1
        try:
            value = json.loads(stripped, parse_constant=_reject_constant)
        except ValueError as error:
            reason = f"not JSON: {_detail(error)}"
        else:
            if isinstance(value, dict):
                continue
            reason = f"a JSON {type(value).__name__}, not an object"
        broken.append({"line_number": number, "line": line[:LINE_CHARS], "reason": reason})
    return rows, broken


Checked = tuple[int | None, str | None, str | None]  # rows, reason, reason detail


def _check_parquet(connection: duckdb.DuckDBPyConnection, path: str, columns: set[str]) -> Checked:
    described = connection.execute(
        "select column_name, column_type from (describe select * from read_parquet(?))", [path]
    ).fetchall()
    nested = [
        name for name, kind in described if name.lower() in columns and NESTED_TYPE.search(kind)
    ]
    if nested:
        return None, "nested_column", f"not a plain value: {', '.join(sorted(nested))}"
    (rows,) = connection.execute(
        "select sum(num_rows) from parquet_file_metadata(?)", [path]
    ).fetchone()
    return int(rows or 0), None, None


def _check_csv(connection: duckdb.DuckDBPyConnection, path: str) -> Checked:
    (rows,) = connection.execute(
        "select count(*) from read_csv(?, header = true, all_varchar = true, delim = ',',"
        " quote = '\"', escape = '\"')",
        [path],
    ).fetchone()
    return int(rows), None, None


def probe(path: str, columns: set[str]) -> dict:
    """The probe's answer for one landed file (see the module's docstring)."""
    kind = file_kind(path)
    found = RECEIVED_DATE.search(path.replace(os.sep, "/"))
    answer = {
        "file_kind": kind,
        "received_date": None,
        "landed_status": "quarantined",
        "reason": None,
        "reason_detail": None,
        "rows_in_file": None,
        "broken_lines": [],
    }
    try:
        received = datetime.strptime(found.group(1), "%Y-%m-%d").date() if found else None
    except ValueError:
        received = None
    answer["received_date"] = received
    if os.path.basename(path).startswith((".", "_")):
        answer.update(landed_status="skipped", reason="hidden_or_marker_file")
    elif received is None:
        answer.update(
            reason="outside_received_date_folder",
            reason_detail="not in a folder received_date=YYYY-MM-DD (a real date)",
        )
    elif kind == "unknown":
        answer.update(
            reason="unknown_file_kind",
            reason_detail="extension not .parquet, .jsonl, .json, .ndjson or .csv",
        )
    elif os.path.getsize(path) == 0:
        # A Parquet file always has a footer; an empty text file holds no rows.
        if kind == "parquet":
            answer.update(reason="empty_file", reason_detail="0 bytes, no Parquet footer")
        else:
            answer.update(landed_status="read", rows_in_file=0)
    elif kind == "jsonl":
        _probe_json_lines(path, answer)
    else:
        connection = duckdb.connect()
        try:
            if kind == "parquet":
                rows, reason, detail = _check_parquet(connection, path, columns)
            else:
                rows, reason, detail = _check_csv(connection, path)
        except duckdb.Error as error:
            rows, reason, detail = None, f"unreadable_{kind}", _detail(error)
        finally:
            connection.close()
        if reason:
            answer.update(reason=reason, reason_detail=detail)
        else:
            answer.update(landed_status="read", rows_in_file=rows)
    return answer


def _probe_json_lines(path: str, answer: dict) -> None:
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        answer.update(reason="not_utf8_text", reason_detail=_detail(error))
        return
    rows, broken = _broken_lines(text)
    if rows and len(broken) == rows:
        answer.update(
            reason="not_json_lines",
            reason_detail=f"none of its {rows} lines is a JSON object ({broken[0]['reason']})",
        )
        return
    answer.update(landed_status="read", rows_in_file=rows, broken_lines=broken)


class Plugin(BasePlugin):
    """dbt-duckdb plugin: registers ``cw_probe_landed_file(path, columns)`` on each connection."""

    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Register the probe on a new connection (dbt-duckdb calls this)."""
        conn.create_function(
            "cw_probe_landed_file",
            lambda path, columns: probe(path, set(columns)),
            [sqltypes.VARCHAR, duckdb.list_type(sqltypes.VARCHAR)],
            sqltypes.DuckDBPyType(PROBE_TYPE),
            side_effects=True,
        )
