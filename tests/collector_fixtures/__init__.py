"""Small landed stories, one per collector, written in the collector's own export format.

Each module (`ga4`, `snowplow`, `segment`, `contract`) writes its files under a landing folder
(`<landing>/<folder>/received_date=YYYY-MM-DD/<file>`) and returns the same good events as rows
of our landing contract, so a test can land them as a contract file and compare the marts. The
expected numbers, worked out by hand, are the module's `EXPECTED`.

The story is the same shape for every collector, on two received days (1 and 2 October 2026):
device A visits once, comes back through an ad (paid), views a product, adds it to the cart,
begins checkout and buys for 40 EUR, and returns directly on day 2; device B comes from an
organic search and views a product; device C visits on day 2.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tools.sample_events.schema import COLUMNS

DAY1, DAY2 = date(2026, 10, 1), date(2026, 10, 2)
SHOP = "https://www.example-shop.com"
# The landing contract's columns (macros/landing/landing_columns.sql): the generator's, and the
# optional three a collector fills.
CONTRACT_COLUMNS = [*COLUMNS, "collector_session_id", "engagement_time_msec", "session_engaged"]


def at(day: date, clock: str) -> datetime:
    """``clock`` (``HH:MM:SS`` or ``HH:MM:SS.ffffff``) on ``day``, in UTC."""
    parsed = datetime.strptime(clock, "%H:%M:%S.%f" if "." in clock else "%H:%M:%S")
    return datetime.combine(day, parsed.time(), tzinfo=UTC)


def iso(moment: datetime) -> str:
    """A contract timestamp: ISO 8601 with a ``Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def contract_row(event_id: str, event_name: str, event_at: datetime, **columns: object) -> dict:
    """One contract row; ``properties`` (a dict) is written as JSON text."""
    row = dict.fromkeys(CONTRACT_COLUMNS)
    row.update(event_id=event_id, event_name=event_name, event_at=iso(event_at))
    row["received_at"] = row["event_at"]
    for name, value in columns.items():
        if name not in row:
            raise KeyError(name)
        row[name] = iso(value) if isinstance(value, datetime) else value
    if isinstance(row["properties"], dict):
        row["properties"] = json.dumps(row["properties"], sort_keys=True)
    return {name: None if value is None else str(value) for name, value in row.items()}


def write_contract(path: Path, rows: list[dict]) -> None:
    """``rows`` as a contract Parquet file (every column text, as the contract reads it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([pa.field(name, pa.string()) for name in CONTRACT_COLUMNS])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def day_folder(landing: Path, folder: str, day: date) -> Path:
    """``<landing>/<folder>/received_date=YYYY-MM-DD``, created."""
    path = landing / folder / f"received_date={day.isoformat()}"
    path.mkdir(parents=True, exist_ok=True)
    return path
