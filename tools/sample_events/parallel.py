"""Parallel runs: event days simulated in worker processes, and the collector of the results.

Event days are independent (each has its own RNG, the rosters are derived from the seed), so
contiguous blocks of them run in child processes that write their parquet parts directly and
send their counts and jsonl/csv rows back; the :class:`Collector` sums them in event-day order
and writes each received day's ``malformed.jsonl`` and ``legacy_collector.csv``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue as queue_module
import traceback
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from tqdm import tqdm

from tools.sample_events.clock import to_ordinal
from tools.sample_events.config import EVENTS_PER_VISIT_GUESS, DaySummary, GeneratorConfig
from tools.sample_events.simulation import Simulator, simulate_days
from tools.sample_events.writers import received_day_dir, write_day_files


def choose_workers(workers: int | None, config: GeneratorConfig, event_days: list[date]) -> int:
    """The number of processes simulating ``event_days``.

    ``workers`` if given, else automatic: one for runs under 150,000 events (or without
    ``fork``), otherwise one per CPU up to 8; never more than one per two event days.
    """
    if workers is None:
        expected_events = config.visitors_per_day * EVENTS_PER_VISIT_GUESS * len(event_days)
        if expected_events < 150_000 or "fork" not in mp.get_all_start_methods():
            return 1
        workers = min(os.cpu_count() or 1, 8)
    return max(1, min(workers, len(event_days) // 2 or 1))


def _worker_main(
    config: GeneratorConfig, out_dir: Path, wanted: set[int], days: list[date], queue: Any
) -> None:
    """Simulate a contiguous block of event days in a child process."""
    try:
        simulate_days(Simulator(config, out_dir, wanted, queue.put), days)
        queue.put(("done", None))
    except BaseException:  # report everything to the parent, which raises
        queue.put(("error", traceback.format_exc()))


def run_workers(
    config: GeneratorConfig,
    out_dir: Path,
    wanted: list[date],
    event_days: list[date],
    n_workers: int,
    collector: Collector,
) -> None:
    """Simulate contiguous blocks of event days in ``n_workers`` child processes."""
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    queue = ctx.Queue()
    size, extra = divmod(len(event_days), n_workers)
    blocks, start = [], 0
    for w in range(n_workers):
        stop = start + size + (1 if w < extra else 0)
        blocks.append(event_days[start:stop])
        start = stop
    wanted_ordinals = {to_ordinal(d) for d in wanted}
    procs = [
        ctx.Process(
            target=_worker_main,
            args=(config, out_dir, wanted_ordinals, block, queue),
            daemon=True,
        )
        for block in blocks
    ]
    for proc in procs:
        proc.start()
    done = 0
    try:
        while done < len(procs):
            try:
                message = queue.get(timeout=1.0)
            except queue_module.Empty:
                dead = [p for p in procs if p.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"worker exited with code {dead[0].exitcode}") from None
                continue
            if message[0] == "done":
                done += 1
            elif message[0] == "error":
                raise RuntimeError(f"worker failed:\n{message[1]}")
            else:
                collector.handle(message)
    finally:
        for proc in procs:
            if proc.is_alive() and done < len(procs):
                proc.terminate()
            proc.join()


class Collector:
    """Receives simulator messages, shows progress and writes the per-day jsonl/csv files."""

    def __init__(self, out_dir: Path, wanted: list[date], progress: bool) -> None:
        """Collect for the ``wanted`` received days of ``out_dir``; ``progress`` shows a bar."""
        self.out_dir = out_dir
        self.wanted = wanted
        self.bar = tqdm(unit="ev", unit_scale=True, disable=not progress, desc="events")
        self.results: dict[int, list[tuple[int, DaySummary, list[Any], list[Any]]]] = {
            to_ordinal(d): [] for d in wanted
        }

    def handle(self, message: Any) -> None:
        """Process one message of a simulator."""
        if message[0] == "progress":
            self.bar.update(message[1])
        elif message[0] == "result":
            _, event_ordinal, per_day = message
            for received, (day_summary, malformed, legacy) in per_day.items():
                self.results[received].append((event_ordinal, day_summary, malformed, legacy))

    def finish(self) -> dict[date, DaySummary]:
        """Sum the summaries and write ``malformed.jsonl``/``legacy_collector.csv`` per day."""
        out: dict[date, DaySummary] = {}
        for d in self.wanted:
            parts = sorted(self.results[to_ordinal(d)], key=itemgetter(0))
            day_summary = DaySummary()
            malformed: list[dict[str, Any]] = []
            legacy: list[dict[str, Any]] = []
            for _, part_summary, part_malformed, part_legacy in parts:
                day_summary.add(part_summary)
                malformed.extend(part_malformed)
                legacy.extend(part_legacy)
            write_day_files(received_day_dir(self.out_dir, d), day_summary, malformed, legacy)
            out[d] = day_summary
        return out
