"""The floor: the least work any correct sessionization does, as one hand-written DuckDB query.

It reads every landed event, sorts them per device and marks the timeout boundaries (read, sort,
window); the pipeline's run time is quoted as a multiple of it.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from tools.sample_events import EVENTS_DIR

# The session timeout of the floor and the pandas baseline (the project's default).
SESSION_TIMEOUT = "30 minutes"


def floor_query(landing: Path) -> str:
    """The floor: read every landed Parquet event, sort per device, mark timeout boundaries."""
    files = (Path(landing) / EVENTS_DIR / "*" / "*.parquet").as_posix()
    return f"""
        with events as (
            select anonymous_id, cast(event_at as timestamp) as event_at
            from read_parquet('{files}')
        ),
        gaps as (
            select event_at - lag(event_at) over (
                partition by anonymous_id order by event_at
            ) as gap
            from events
        )
        select
            count(*) as events,
            count(*) filter (where gap is null or gap > interval '{SESSION_TIMEOUT}') as sessions
        from gaps
    """


def run_floor(landing: Path, database: Path, memory_limit: str, temp_directory: Path) -> dict:
    """Run the floor query on a fresh DuckDB file with the pipeline's memory settings."""
    database.unlink(missing_ok=True)
    config = {"memory_limit": memory_limit, "temp_directory": str(temp_directory)}
    with duckdb.connect(str(database), config=config) as connection:
        started = time.perf_counter()
        events, sessions = connection.execute(floor_query(landing)).fetchone()
        seconds = time.perf_counter() - started
    database.unlink(missing_ok=True)
    return {"seconds": seconds, "events": events, "sessions": sessions}
