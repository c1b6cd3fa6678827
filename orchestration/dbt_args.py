"""Pure helpers that turn a partition window into the dbt command line and its environment."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def partition_env(window_start: date | datetime, window_end: date | datetime) -> dict[str, str]:
    """The environment that tells dbt which received days a Dagster window ``[start, end)`` is.

    dbt receives the first and the last received date of the window, both inclusive, as
    CW_PERIOD_START_DATE / CW_PERIOD_END_DATE (read by the macro ``received_in_batch``). They are
    environment variables rather than --vars because changed vars make dbt parse the whole
    project again on every run.
    """
    start, end = _as_date(window_start), _as_date(window_end)
    if end <= start:
        raise ValueError(f"empty partition window: {start} to {end}")
    return {
        "CW_PERIOD_START_DATE": start.isoformat(),
        "CW_PERIOD_END_DATE": (end - timedelta(days=1)).isoformat(),
    }


def dbt_build_args(full_refresh: bool = False) -> list[str]:
    """The ``dbt build`` arguments (models, seeds and their tests)."""
    return ["build", "--full-refresh"] if full_refresh else ["build"]


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_partition_window(tags: Mapping[str, str]) -> tuple[date, date] | None:
    """The received-day window ``[start, end)`` a run's tags name, or None for an unpartitioned run.

    The unpartitioned dbt steps of a partitioned run (seeds, all-time reports) read it from the
    run's tags so that every dbt invocation of one run sees the same window.
    """
    if "dagster/partition" in tags:
        day = date.fromisoformat(tags["dagster/partition"])
        return day, day + timedelta(days=1)
    start = tags.get("dagster/asset_partition_range_start")
    end = tags.get("dagster/asset_partition_range_end")
    if start and end:
        return date.fromisoformat(start), date.fromisoformat(end) + timedelta(days=1)
    return None
