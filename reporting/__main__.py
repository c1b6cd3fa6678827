"""``python -m reporting build [--marts-file F] [--out DIR]``: build the marketing report.

The marts file defaults to the published one (CW_MARTS_DUCKDB_PATH, else
``warehouse/conversion_warehouse_marts.duckdb``), opened read-only; the report goes to
``warehouse/report/`` (``index.html`` and ``charts/<chart>.png``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reporting.build import build_report


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``make report``."""
    parser = argparse.ArgumentParser(
        prog="python -m reporting", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the report from the published marts")
    build.add_argument("--marts-file", type=Path, help="the marts-only DuckDB file to read")
    build.add_argument("--out", type=Path, help="the report's folder (default warehouse/report)")
    args = parser.parse_args(argv)
    try:
        report = build_report(args.marts_file, args.out)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    drawn = len(report.charts) - len(report.empty)
    print(f"Report: {report.index} ({drawn} charts drawn in {report.seconds} s)")
    if report.empty:
        print("  no data for: " + ", ".join(report.empty))
    return 0


if __name__ == "__main__":
    sys.exit(main())
