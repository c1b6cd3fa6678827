"""Pure helpers that turn a partition window into dbt command-line arguments."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def partition_vars(window_start: date | datetime, window_end: date | datetime) -> dict[str, str]:
    """The dbt vars for a Dagster daily time window ``[window_start, window_end)``.

    dbt receives the first and the last received date of the window, both inclusive.
    """
    start, end = _as_date(window_start), _as_date(window_end)
    if end <= start:
        raise ValueError(f"empty partition window: {start} to {end}")
    return {
        "period_start_date": start.isoformat(),
        "period_end_date": (end - timedelta(days=1)).isoformat(),
    }


def dbt_build_args(
    window_start: date | datetime,
    window_end: date | datetime,
    full_refresh: bool = False,
) -> list[str]:
    """The ``dbt build`` arguments for one partition window (models, seeds and their tests)."""
    args = ["build", "--vars", json.dumps(partition_vars(window_start, window_end))]
    if full_refresh:
        args.append("--full-refresh")
    return args
