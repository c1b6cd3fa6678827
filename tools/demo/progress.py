"""Step lines for ``make run``: each step of the daily job as it starts and ends.

A background thread reads the run's events in DAGSTER_HOME (the job runs in this process).
"""

from __future__ import annotations

import threading
import time
from typing import TextIO

from dagster import DagsterInstance

# What each step of daily_warehouse_build does, in words a marketer reads.
STEP_LABELS = {
    "landing_events": "generating the sample events",
    "dbt_configuration": "dbt: goals, funnels, channel rules, spend",
    "dbt_received_days": "dbt: sessions, goal hits, funnel steps of the received days",
    "dbt_all_time_reports": "dbt: attribution models and reports",
    "published_marts": "publishing the marts for BI tools",
    "marketing_report": "building the marketing report",
}
POLL_SECONDS = 1.0


def step_line(event_type: str, step: str, seconds: float, tables: int) -> str | None:
    """The line printed for one step event (None for events that print nothing)."""
    label = STEP_LABELS.get(step, step)
    if event_type == "STEP_START":
        return f"  .. {label}"
    if event_type == "STEP_SUCCESS":
        built = f", {tables} tables and views" if tables and step.startswith("dbt_") else ""
        return f"  ok {label} ({seconds:.0f} s{built})"
    if event_type == "STEP_FAILURE":
        return f"  FAILED {label} after {seconds:.0f} s (make run -v shows dbt's log)"
    return None


class RunProgress:
    """Print a line to ``out`` when a step of run ``run_id`` starts and ends (a context manager)."""

    def __init__(self, instance: DagsterInstance, run_id: str, out: TextIO) -> None:
        """Follow run ``run_id`` of ``instance`` once entered."""
        self._instance, self._run_id, self._out = instance, run_id, out
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._seen = 0
        self._started: dict[str, float] = {}
        self._tables: dict[str, set] = {}

    def __enter__(self) -> RunProgress:
        """Start following the run."""
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop following, after printing the run's last lines."""
        self._stop.set()
        self._thread.join()
        self._print_new()

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self._print_new()

    def _print_new(self) -> None:
        records = self._instance.all_logs(self._run_id)
        for record in records[self._seen :]:
            event = record.dagster_event
            if event is None or event.step_key is None:
                continue
            kind = event.event_type_value
            step = event.step_key
            if kind == "STEP_START":
                self._started[step] = record.timestamp
            elif kind == "ASSET_MATERIALIZATION":
                # one per asset, not per partition of it
                self._tables.setdefault(step, set()).add(event.asset_key)
            seconds = record.timestamp - self._started.get(step, record.timestamp)
            line = step_line(kind, step, seconds, len(self._tables.get(step, ())))
            if line:
                print(line, file=self._out, flush=True)
        self._seen = len(records)


def elapsed(since: float) -> str:
    """Seconds since ``since`` (a time.monotonic() value), as ``12 s``."""
    return f"{time.monotonic() - since:.0f} s"
