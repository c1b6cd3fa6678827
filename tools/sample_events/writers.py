"""Output: the per-day folders, the parquet parts, the jsonl/csv files and the spend files.

A :class:`Sink` collects the rows one event day sends to one received day (parquet parts of at
most ``chunk_rows`` rows, written under a hidden temporary name and renamed into place, and the
day's malformed and legacy rows); :class:`DaySinks` holds the sinks of one event day;
:func:`write_day_files` writes a received day's ``malformed.jsonl`` and ``legacy_collector.csv``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tools.sample_events.channels import CHANNELS, SPEND_CAMPAIGNS
from tools.sample_events.clock import EPOCH, seeded_rng
from tools.sample_events.config import DaySummary, GeneratorConfig
from tools.sample_events.schema import (
    COLUMNS,
    EVENTS_DIR,
    F_BOT,
    F_DUP,
    F_LANDING,
    F_LATE,
    F_PURCHASE,
    F_REFIRE,
    F_SCRAPER,
    F_TOO_LATE,
    LEGACY_FILE,
    MALFORMED_FILE,
    SCHEMA,
    SPEND_DIR,
)

WriteParquet = Callable[[pa.Table, Path], None]
# What the sinks of an event day hand over, per received day: summary, malformed, legacy rows.
SinkResult = tuple[DaySummary, list[dict[str, Any]], list[dict[str, Any]]]


def received_day_dir(out_dir: Path, received_date: date) -> Path:
    """Folder of one received day: ``<out_dir>/events/received_date=YYYY-MM-DD``."""
    return Path(out_dir) / EVENTS_DIR / f"received_date={received_date.isoformat()}"


def write_sample_spend(out_dir: Path, config: GeneratorConfig, day: date) -> Path:
    """Write the sample ad spend of one day to ``<out_dir>/spend/<day>.csv`` and return its path.

    One row per paid campaign (columns spend_date, channel, campaign, spend): the campaign's
    expected visits that day times a cost per visit, with +-15% day-to-day noise drawn from
    ``(seed, day)``, so reruns write the same file.
    """
    weights = [c.acquisition + c.retention for c in CHANNELS]
    total = sum(weights)
    rng = seeded_rng(config.seed, "spend", day)
    folder = Path(out_dir) / SPEND_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day.isoformat()}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["spend_date", "channel", "campaign", "spend"])
        for channel, index, campaign, share, cost in SPEND_CAMPAIGNS:
            visits = config.visitors_per_day * weights[index] / total * share
            spend = visits * cost * rng.uniform(0.85, 1.15)
            writer.writerow([day.isoformat(), channel, campaign, f"{spend:.2f}"])
    return path


def count_flags(flags: pa.Array, bit: int) -> int:
    """How many of ``flags`` have the single flag ``bit`` set."""
    total = pc.sum(pc.bit_wise_and(flags, bit)).as_py()
    return (total or 0) // bit


# Dictionary-encode only the low-cardinality columns; statistics only where readers prune.
_DICTIONARY_COLUMNS = [
    c for c in COLUMNS if c not in ("event_id", "event_at", "received_at", "ip_address")
]


def write_parquet_file(table: pa.Table, path: Path) -> None:
    """Write ``table`` (its 20 columns) as ``path``: to a hidden temporary name, then renamed."""
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(
        table.cast(SCHEMA),
        tmp,
        use_dictionary=_DICTIONARY_COLUMNS,
        write_statistics=["event_name", "event_at", "received_at"],
    )
    os.replace(tmp, path)


class Sink:
    """Rows of one event day received on one day: parquet parts plus jsonl/csv rows."""

    def __init__(
        self, folder: Path, prefix: str, chunk_rows: int, write_file: WriteParquet
    ) -> None:
        """Write parts ``<prefix>-NNNN.parquet`` of ``chunk_rows`` rows into ``folder``."""
        self.folder = folder
        self.prefix = prefix
        self.chunk_rows = chunk_rows
        self.write_file = write_file
        self.summary = DaySummary()
        self.tables: list[pa.Table] = []
        self.buffered = 0
        self.malformed: list[dict[str, Any]] = []
        self.legacy: list[dict[str, Any]] = []

    def add_table(self, table: pa.Table) -> None:
        """Count and buffer routed parquet rows, writing a part every ``chunk_rows`` rows."""
        flags = table.column("__flags")
        n = table.num_rows
        s = self.summary
        dups = count_flags(flags, F_DUP)
        too_late = count_flags(flags, F_TOO_LATE)
        s.parquet_rows += n
        s.rows_written += n
        s.duplicate_rows += dups
        s.too_late_events += too_late
        s.good_events += n - dups - too_late
        s.late_events += count_flags(flags, F_LATE)
        s.order_refires += count_flags(flags, F_REFIRE)
        s.visits += count_flags(flags, F_LANDING)
        s.bot_visits += count_flags(flags, F_BOT)
        s.scraper_visits += count_flags(flags, F_SCRAPER)
        purchase_mask = pc.equal(
            pc.bit_wise_and(flags, F_PURCHASE | F_DUP | F_TOO_LATE), F_PURCHASE
        )
        s.purchases += pc.sum(purchase_mask.cast(pa.int64())).as_py() or 0
        self.tables.append(table.select(list(COLUMNS)))
        self.buffered += n
        chunk = self.chunk_rows
        while self.buffered >= chunk:
            merged = pa.concat_tables(self.tables)
            self._write(merged.slice(0, chunk))
            rest = merged.slice(chunk)
            self.tables = [rest] if rest.num_rows else []
            self.buffered = rest.num_rows

    def add_malformed(self, row: dict[str, Any], reason: str) -> None:
        """Keep a malformed row for the day's ``malformed.jsonl``."""
        self.malformed.append(row)
        self.summary.malformed_rows[reason] += 1
        self.summary.jsonl_rows += 1
        self.summary.rows_written += 1

    def add_legacy(self, row: dict[str, Any], flags: int) -> None:
        """Keep a good event for the day's ``legacy_collector.csv``."""
        self.legacy.append(row)
        s = self.summary
        s.csv_rows += 1
        s.rows_written += 1
        s.good_events += 1
        s.visits += 1 if flags & F_LANDING else 0
        s.purchases += 1 if flags & F_PURCHASE else 0
        s.order_refires += 1 if flags & F_REFIRE else 0

    def _write(self, table: pa.Table) -> None:
        name = f"{self.prefix}-{self.summary.parquet_files:04d}.parquet"
        self.summary.parquet_files += 1
        self.write_file(table, self.folder / name)

    def close(self) -> None:
        """Write the buffered parquet rows."""
        if self.buffered:
            self._write(pa.concat_tables(self.tables))
        self.tables, self.buffered = [], 0


class DaySinks:
    """The sinks of one event day: one per wanted received day that gets rows, made lazily."""

    def __init__(
        self,
        out_dir: Path,
        wanted: set[int],
        day: date,
        chunk_rows: int,
        write_file: WriteParquet,
    ) -> None:
        """Sinks of event day ``day`` for the ``wanted`` received days (ordinals)."""
        self.out_dir = out_dir
        self.wanted = wanted
        self.prefix = f"part-{day:%Y%m%d}"
        self.chunk_rows = chunk_rows
        self.write_file = write_file
        self.sinks: dict[int, Sink] = {}

    def get(self, received: int) -> Sink | None:
        """The sink of received day ``received`` (an ordinal), None if that day is not written."""
        if received not in self.wanted:
            return None
        sink = self.sinks.get(received)
        if sink is None:
            folder = received_day_dir(self.out_dir, EPOCH + timedelta(days=received))
            sink = Sink(folder, self.prefix, self.chunk_rows, self.write_file)
            self.sinks[received] = sink
        return sink

    def close(self) -> dict[int, SinkResult]:
        """Write the buffered parquet rows; return each received day's summary and rows."""
        results = {}
        for received, sink in self.sinks.items():
            sink.close()
            results[received] = (sink.summary, sink.malformed, sink.legacy)
        return results


def write_day_files(
    folder: Path,
    summary: DaySummary,
    malformed: list[dict[str, Any]],
    legacy: list[dict[str, Any]],
) -> None:
    """Write a received day's ``malformed.jsonl`` and ``legacy_collector.csv`` into ``folder``.

    A day without parquet rows gets an empty part (counted in ``summary``), so every received
    day has the 20 columns to read. A day without malformed rows gets no ``malformed.jsonl``
    (Spark's file listing skips a 0-byte file, so it would be counted by one engine only).
    """
    folder.mkdir(parents=True, exist_ok=True)
    if summary.parquet_files == 0:
        pq.write_table(SCHEMA.empty_table(), folder / "part-empty.parquet")
        summary.parquet_files = 1
    if malformed:
        with open(folder / MALFORMED_FILE, "w", encoding="utf-8") as fh:
            for row in malformed:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(folder / LEGACY_FILE, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in legacy:
            writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
