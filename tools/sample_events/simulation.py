"""The simulator: event days, one after the other, from planned visits to routed rows.

A :class:`Simulator` collects the visits that start on an event day (humans from the rosters,
bots and scrapers drawn for the day), simulates them in batches of consecutive visits, and
sends every row to the received day it arrives on. It reports ``("progress", rows)`` while it
writes and ``("result", event ordinal, {received ordinal: (DaySummary, malformed rows, legacy
rows)})`` at the end of each event day.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from tools.sample_events.batch import Batch, batch_table
from tools.sample_events.bots import bot_plans, bot_visit
from tools.sample_events.clock import DAY, to_ordinal
from tools.sample_events.config import GeneratorConfig
from tools.sample_events.imperfections import (
    capture_gap_us,
    divert_rows,
    legacy_share,
    with_redeliveries,
)
from tools.sample_events.rosters import HUMAN, RETURN_WINDOW_DAYS, VisitPlan, make_roster
from tools.sample_events.state import SimState
from tools.sample_events.visits import human_visit
from tools.sample_events.writers import DaySinks, write_parquet_file

# A simulator reports ("progress", rows), ("result", event ordinal, {received ordinal:
# (DaySummary, malformed rows, legacy rows)}) and, in a child process, ("done", None) or
# ("error", traceback text).
Report = Callable[[Any], None]
_BATCH_VISITS = 2048


class Simulator:
    """Simulates event days and writes their rows into the wanted received days."""

    def __init__(
        self, config: GeneratorConfig, out_dir: Path, wanted: set[int], report: Report
    ) -> None:
        """Simulate for ``config`` into the ``wanted`` received days (ordinals) of ``out_dir``."""
        self.config = config
        self.out_dir = out_dir
        self.wanted = wanted
        self.report = report
        self.rosters: dict[int, dict[int, list[VisitPlan]]] = {}
        self.state = SimState(gap=capture_gap_us(config), p_legacy=legacy_share(config))
        self.writer = ThreadPoolExecutor(max_workers=1)
        self.pending: list[tuple[Future[None], int]] = []

    def write_parquet(self, table: pa.Table, path: Path) -> None:
        """Write a parquet file in a background thread (at most ~2 x chunk_rows rows queued)."""
        for future, _ in self.pending:
            if future.done():
                future.result()  # raise a failed write here
        self.pending = [(f, rows) for f, rows in self.pending if not f.done()]
        while self.pending and sum(rows for _, rows in self.pending) >= 2 * self.config.chunk_rows:
            self.pending.pop(0)[0].result()
        self.pending.append((self.writer.submit(write_parquet_file, table, path), table.num_rows))

    def close(self) -> None:
        """Wait for the background writes."""
        try:
            for future, _ in self.pending:
                future.result()
        finally:
            self.pending = []
            self.writer.shutdown(wait=True)

    def _roster(self, ordinal: int) -> dict[int, list[VisitPlan]]:
        cached = self.rosters.get(ordinal)
        if cached is None:
            cached = self.rosters[ordinal] = make_roster(self.config, ordinal)
        return cached

    def simulate_day(self, day: date) -> None:
        """Simulate all visits starting on ``day``; write their rows and report the results."""
        ordinal = to_ordinal(day)
        for old in [o for o in self.rosters if o < ordinal - RETURN_WINDOW_DAYS]:
            del self.rosters[old]
        plans: list[VisitPlan] = []
        for d in range(ordinal - RETURN_WINDOW_DAYS, ordinal + 1):
            plans.extend(self._roster(d).get(ordinal, ()))
        state = self.state
        rng = state.start_day(self.config.seed, day)
        plans.extend(bot_plans(rng, ordinal, len(plans)))
        plans.sort(key=itemgetter(0, 1))
        sinks = DaySinks(self.out_dir, self.wanted, day, self.config.chunk_rows, self.write_parquet)
        for lo in range(0, len(plans), _BATCH_VISITS):
            batch = Batch()
            for plan in plans[lo : lo + _BATCH_VISITS]:
                if plan[2] == HUMAN:
                    human_visit(state, plan, batch)
                else:
                    bot_visit(rng, plan, batch)
            self._finish_batch(batch, sinks)
        self.report(("result", ordinal, sinks.close()))

    def _finish_batch(self, b: Batch, sinks: DaySinks) -> None:
        """Build the batch's rows and route them: jsonl/csv rows, then parquet per received day."""
        if not b.keys:
            return
        table = batch_table(b, self.state.rng, self.state.utm_table)
        keep = divert_rows(table, b, sinks)  # rows leaving the parquet stream
        main = with_redeliveries(table, b.dups)
        # one filter per received day (kept rows of that day): each row is copied once
        day_col = pc.divide(main["__recv"], DAY)
        kept_days = day_col if keep is None else day_col.filter(keep)
        received_days = sorted(pc.unique(kept_days).to_pylist())
        written = 0
        for received in received_days:
            sink = sinks.get(received)
            if sink is None:
                continue
            if len(received_days) == 1 and keep is None:
                part = main
            else:
                mask = pc.equal(day_col, received)
                part = main.filter(mask if keep is None else pc.and_(mask, keep))
            sink.add_table(part)
            written += part.num_rows
        if written:
            self.report(("progress", written))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while simulating (restored afterwards).

    The simulation keeps millions of tuples alive for days (the rosters of returning persons)
    and makes no reference cycles: a full collection after a 1 million event run finds 6
    unreachable objects. The collector's repeated passes over the live tuples were pure cost,
    4-5% of a worker's time at 1 and 10 million events (measured with ``gc.callbacks``);
    reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def simulate_days(sim: Simulator, days: list[date]) -> None:
    """Simulate ``days`` in order with the collector paused, then wait for the writes."""
    with gc_paused():
        try:
            for day in days:
                sim.simulate_day(day)
        finally:
            sim.close()
