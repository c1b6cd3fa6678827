"""Reading one landed file of each kind the way the landing hook will.

A check finds the file's rows as written, its broken lines (JSON lines, Snowplow TSV) and its
column names (to tell whose file it is).

Each check returns a ``Checked``; a DuckDB error escapes to the probe, which quarantines the
file as unreadable. The CSV dialect here is the one the hook reads with (``CSV_OPTIONS``).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb

NESTED_TYPE = re.compile(r"^(STRUCT|MAP|UNION)\(|\[\d*\]$")
DETAIL_CHARS = 300
LINE_CHARS = 2000
SNOWPLOW_TSV_FIELDS = 131
# The CSV dialect of landed files; the landing hook reads CSV with the same options.
CSV_OPTIONS = "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"


@dataclass
class Checked:
    """What a check found: rows as written, or why the whole file is quarantined."""

    rows: int | None = None
    reason: str | None = None
    detail: str | None = None
    broken_lines: list[dict] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)


def detail(error: BaseException) -> str:
    """The first line of an error message, shortened: DuckDB appends the failing query."""
    lines = str(error).strip().splitlines() or [type(error).__name__]
    text = " ".join(lines[0].split())
    return text[:DETAIL_CHARS]


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _text(path: str) -> str:
    """The file's text (gunzipped when it ends in .gz); UnicodeDecodeError when not UTF-8."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        return handle.read().decode("utf-8")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of every non-blank line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip().lstrip("\ufeff"):
            yield number, line


def _broken(number: int, line: str, reason: str) -> dict:
    return {"line_number": number, "line": line[:LINE_CHARS], "reason": reason}


def check_json_lines(path: str) -> Checked:
    """Rows (non-blank lines), the lines not one JSON object each, the first object's keys."""
    try:
        text = _text(path)
    except UnicodeDecodeError as error:
        return Checked(reason="not_utf8_text", detail=detail(error))
    except (OSError, EOFError) as error:
        return Checked(reason="unreadable_jsonl", detail=detail(error))
    checked = Checked(rows=0)
    for number, line in _lines(text):
        checked.rows += 1
        try:
            value = json.loads(line.strip().lstrip("\ufeff"), parse_constant=_reject_constant)
        except ValueError as error:
            checked.broken_lines.append(_broken(number, line, f"not JSON: {detail(error)}"))
            continue
        if not isinstance(value, dict):
            reason = f"a JSON {type(value).__name__}, not an object"
            checked.broken_lines.append(_broken(number, line, reason))
        elif not checked.columns:
            checked.columns = set(value)
    if checked.rows and len(checked.broken_lines) == checked.rows:
        first = checked.broken_lines[0]["reason"]
        return Checked(
            reason="not_json_lines",
            detail=f"none of its {checked.rows} lines is a JSON object ({first})",
        )
    return checked


def check_snowplow_tsv(path: str) -> Checked:
    """Rows (non-blank lines) and the lines without Snowplow's 131 tab-separated fields."""
    try:
        text = _text(path)
    except UnicodeDecodeError as error:
        return Checked(reason="not_utf8_text", detail=detail(error))
    except (OSError, EOFError) as error:
        return Checked(reason="unreadable_tsv", detail=detail(error))
    checked = Checked(rows=0)
    for number, line in _lines(text):
        checked.rows += 1
        fields = line.rstrip("\r").count("\t") + 1
        if fields != SNOWPLOW_TSV_FIELDS:
            reason = f"{fields} tab-separated fields, not Snowplow's {SNOWPLOW_TSV_FIELDS}"
            checked.broken_lines.append(_broken(number, line, reason))
    if checked.rows and len(checked.broken_lines) == checked.rows:
        first = checked.broken_lines[0]["reason"]
        return Checked(
            reason="not_snowplow_tsv",
            detail=f"none of its {checked.rows} lines is an enriched event ({first})",
        )
    return checked


def check_parquet(connection: duckdb.DuckDBPyConnection, path: str, flat: set[str]) -> Checked:
    """Rows from the footer; a column of ``flat`` stored nested quarantines the file."""
    described = connection.execute(
        "select column_name, column_type from (describe select * from read_parquet(?))", [path]
    ).fetchall()
    nested = [name for name, kind in described if name.lower() in flat and NESTED_TYPE.search(kind)]
    if nested:
        return Checked(
            reason="nested_column", detail=f"not a plain value: {', '.join(sorted(nested))}"
        )
    (rows,) = connection.execute(
        "select sum(num_rows) from parquet_file_metadata(?)", [path]
    ).fetchone()
    return Checked(rows=int(rows or 0), columns={name for name, _ in described})


def check_csv(connection: duckdb.DuckDBPyConnection, path: str) -> Checked:
    """Records (DuckDB's reader, the hook's dialect) and the header's column names."""
    (rows,) = connection.execute(
        f"select count(*) from read_csv(?, {CSV_OPTIONS})", [path]
    ).fetchone()
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as handle:
        header = next(csv.reader(io.StringIO(handle.readline())), [])
    return Checked(rows=int(rows), columns={name.strip().lstrip("\ufeff") for name in header})
