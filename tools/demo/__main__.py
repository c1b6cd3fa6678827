"""``make run``: generate the sample events, run the daily job over them, print a summary.

Usage: ``python -m tools.demo [-v] [--start-date D] [--end-date D] [--visitors-per-day N]
[--seed N]``. A line per phase, then the summary; dbt's log goes to ``warehouse/make_run.log``
(``-v``: to the terminal).
The job runs once for the whole date range (one run per range, as a backfill does), recorded in
DAGSTER_HOME so that the run and the lineage show in the Dagster UI (``make ui``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings
from datetime import date

from tools.demo.job import run_daily_job
from tools.demo.summary import summary_lines


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``make run``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start-date", type=date.fromisoformat)
    parser.add_argument("--end-date", type=date.fromisoformat)
    parser.add_argument("--visitors-per-day", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("-v", "--verbose", action="store_true", help="show dbt's log")
    args = parser.parse_args(argv)
    for name, value in [
        ("CW_DEMO_START_DATE", args.start_date),
        ("CW_DEMO_END_DATE", args.end_date),
        ("CW_DEMO_VISITORS_PER_DAY", args.visitors_per_day),
        ("CW_DEMO_SEED", args.seed),
    ]:
        if value is not None:
            os.environ[name] = str(value)
    # Dagster's loggers set their own levels and propagate to the root's handler: the handler's
    # level decides. Its info and warnings (API notices, check gating) are for developers (-v);
    # a failed step still prints its line and the run's failure.
    console = logging.StreamHandler()
    console.setLevel(logging.INFO if args.verbose else logging.ERROR)
    logging.basicConfig(level=logging.WARNING, handlers=[console])
    if not args.verbose:
        warnings.filterwarnings("ignore")

    from orchestration.settings import load_settings
    from serving.publish import summary
    from serving.server import reader_url, serve
    from serving.settings import load_serving_settings

    settings = load_settings()
    if not settings.demo_mode:
        print("CW_DEMO_MODE is off: `make run` generates sample events and needs demo mode.")
        return 2
    start, end = settings.demo_start_date, settings.demo_end_date
    serving = load_serving_settings()
    state = serve(serving) if serving.enabled and not serving.dsn else None
    print(f"Generating sample events and building the warehouse for {start}..{end}:")
    log_path = None if args.verbose else settings.duckdb_path.parent / "make_run.log"
    if not run_daily_job(start, end, log_path=log_path):
        where = f"see {log_path}" if log_path else "see the log above"
        print(f"The daily_warehouse_build run failed; {where}.", file=sys.stderr)
        return 1
    print()
    print(f"Warehouse: {settings.duckdb_path} (marts for BI tools: {serving.marts_duckdb_path})")
    for line in summary_lines(str(serving.marts_duckdb_path)):
        print(line)
    record = settings.duckdb_path.parent / "publication.json"
    if record.exists():
        print("Publication: " + summary(json.loads(record.read_text())))
    if state:
        print(f"PostgreSQL for BI tools: {reader_url(state)} (schema marts; `make serve-stop`)")
        where = state["reader_password_from"]
        print(f"  the password of cw_reader: CW_PG_READER_PASSWORD, else {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
