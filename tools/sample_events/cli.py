"""Command line: ``python -m tools.sample_events`` writes a landing folder and prints a summary."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tools.sample_events.config import GeneratorConfig
from tools.sample_events.generate import generate_landing


def _parse_date(text: str) -> date:
    return date.fromisoformat(text)


def build_parser() -> argparse.ArgumentParser:
    """Argument parser of ``python -m tools.sample_events``."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.sample_events",
        description="Generate synthetic raw web-analytics landing files (parquet/jsonl/csv).",
    )
    parser.add_argument("--out", type=Path, default=Path("landing"), help="landing folder")
    parser.add_argument("--start-date", type=_parse_date, help="default: end date - 29 days")
    parser.add_argument("--end-date", type=_parse_date, help="default: yesterday (UTC)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--visitors-per-day", type=int, default=3000)
    parser.add_argument("--chunk-rows", type=int, default=200_000)
    parser.add_argument(
        "--workers", type=int, default=None, help="processes (default: automatic by size)"
    )
    parser.add_argument(
        "--received-date",
        type=_parse_date,
        action="append",
        dest="received_dates",
        help="write only this received day (repeatable)",
    )
    parser.add_argument("--no-capture-gap", action="store_true", help="no mobile add_to_cart gap")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    parser.add_argument("--json", action="store_true", help="print the full summary as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    end = args.end_date or (datetime.now(UTC).date() - timedelta(days=1))
    start = args.start_date or (end - timedelta(days=29))
    try:
        config = GeneratorConfig(
            start_date=start,
            end_date=end,
            seed=args.seed,
            visitors_per_day=args.visitors_per_day,
            inject_capture_gap=not args.no_capture_gap,
            chunk_rows=args.chunk_rows,
        )
        summary = generate_landing(
            args.out,
            config,
            received_dates=args.received_dates,
            progress=not args.quiet,
            workers=args.workers,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2))
    elif not args.quiet:
        t = summary.total
        malformed = ", ".join(f"{k}={v}" for k, v in t.malformed_rows.items())
        print(f"received days : {len(summary.days)} ({start} .. {end}) -> {args.out}")
        print(f"rows written  : {t.rows_written:,} ({t.parquet_files} parquet files)")
        print(
            f"  good events : {t.good_events:,} (late {t.late_events:,}, refires {t.order_refires})"
        )
        print(f"  duplicates  : {t.duplicate_rows:,}")
        print(f"  too late    : {t.too_late_events:,}")
        print(f"  malformed   : {t.malformed_total:,} ({malformed})")
        print(f"  legacy csv  : {t.csv_rows:,}")
        print(f"visits        : {t.visits:,} (bots {t.bot_visits:,}, purchases {t.purchases:,})")
        gap = ", ".join(d.isoformat() for d in summary.capture_gap_days) or "none"
        print(f"capture gap   : {gap}")
        speed = summary.events_per_second
        print(f"speed         : {speed:,.0f} events/s ({summary.elapsed_seconds:.1f}s)")
    return 0
