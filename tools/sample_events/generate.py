"""The entry point of a run: :func:`generate_landing` writes a landing folder.

It works out which event days feed the wanted received days (rows arrive up to six days after
their event), clears and recreates the received-day folders, writes the spend files, and runs
the simulation in this process or in worker processes.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from tools.sample_events.clock import date_range, to_ordinal
from tools.sample_events.config import GenerationSummary, GeneratorConfig
from tools.sample_events.parallel import Collector, choose_workers, run_workers
from tools.sample_events.simulation import Simulator, simulate_days
from tools.sample_events.writers import received_day_dir, write_sample_spend

logger = logging.getLogger(__name__)

MAX_RECEIVE_LAG_DAYS = 6  # too-late rows arrive 4-6 days after their event


def generate_landing(
    out_dir: Path,
    config: GeneratorConfig,
    received_dates: Iterable[date] | None = None,
    progress: bool = False,
    workers: int | None = None,
) -> GenerationSummary:
    """Write the landing files for the received days of ``config`` (or only ``received_dates``).

    Each written ``received_date=`` folder is removed first, so reruns are idempotent. Rows of a
    received day are identical whether it is written alone or in a full run, and whatever the
    number of ``workers`` (processes simulating event days in parallel; ``None`` = automatic,
    one process for small runs). Returns the row accounting of the run.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    if received_dates is None:
        wanted = date_range(config.start_date, config.end_date)
    else:
        wanted = sorted(set(received_dates))
        outside = [d for d in wanted if not config.start_date <= d <= config.end_date]
        if outside:
            raise ValueError(f"received dates outside the window: {outside}")
    summary = GenerationSummary(
        start_date=config.start_date,
        end_date=config.end_date,
        seed=config.seed,
        visitors_per_day=config.visitors_per_day,
        capture_gap_days=config.capture_gap_days,
    )
    if not wanted:
        return summary
    lag = timedelta(days=MAX_RECEIVE_LAG_DAYS)
    event_days = sorted(
        {day for d in wanted for day in date_range(max(config.start_date, d - lag), d)}
    )
    for d in wanted:
        folder = received_day_dir(out_dir, d)
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        write_sample_spend(out_dir, config, d)
    n_workers = choose_workers(workers, config, event_days)
    logger.info(
        "generating %d received day(s) from %d event day(s) into %s (%d process(es))",
        len(wanted),
        len(event_days),
        out_dir,
        n_workers,
    )
    collector = Collector(out_dir, wanted, progress)
    try:
        if n_workers <= 1:
            sim = Simulator(config, out_dir, {to_ordinal(d) for d in wanted}, collector.handle)
            simulate_days(sim, event_days)
        else:
            run_workers(config, out_dir, wanted, event_days, n_workers, collector)
    finally:
        collector.bar.close()
    summary.days = collector.finish()
    summary.elapsed_seconds = time.perf_counter() - started
    total = summary.total
    logger.info(
        "wrote %d rows (%d good, %d duplicates, %d too late, %d malformed) in %.1fs",
        total.rows_written,
        total.good_events,
        total.duplicate_rows,
        total.too_late_events,
        total.malformed_total,
        summary.elapsed_seconds,
    )
    return summary
