"""Timestamps parse row by row: one bad value in a landed file never moves another row.

A named time zone in one row of a Parquet file used to shift every later row of the same file by
-2 h (DuckDB's cast to timestamptz carried the zone over to the rest of its vector), and
`infinity` passed as clean. Here one 1,000-row file holds both among good rows.
"""

from datetime import datetime, timedelta

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from tests.conftest import run_dbt

START = datetime(2026, 10, 2)
BAD = {
    500: "2026-10-02 10:00:00 Europe/Paris",
    700: "infinity",
    701: "-infinity",
    900: "2026-02-30 10:00:00",
}


def _event_at(row: int) -> datetime:
    """Row i happened 37 s after row i - 1, from midnight: the last one at 10:16:03."""
    return START + timedelta(seconds=37 * row)


def test_a_named_time_zone_or_infinity_moves_no_other_row(project_copy):
    folder = project_copy / "landing" / "events" / "received_date=2026-10-02"
    folder.mkdir(parents=True)
    times = [_event_at(row) for row in range(1000)]
    pq.write_table(
        pa.table(
            {
                "event_id": [f"e{row:04d}" for row in range(1000)],
                "event_name": ["page_view"] * 1000,
                "event_at": [
                    BAD.get(row, time.strftime("%Y-%m-%d %H:%M:%S"))
                    for row, time in enumerate(times)
                ],
                "received_at": [(time + timedelta(seconds=5)).isoformat() for time in times],
                "anonymous_id": ["d1"] * 1000,
            }
        ),
        folder / "part-0.parquet",
    )
    database = project_copy / "warehouse" / "cw.duckdb"
    result = run_dbt(
        project_copy,
        ["run", "--select", "stg_landing__landed_rows"],
        {"CW_DUCKDB_PATH": str(database)},
    )
    assert result.returncode == 0, result.stdout[-4000:]
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select event_id, event_at, received_at, structural_reason"
            " from stg_landing__landed_rows order by event_id"
        ).fetchall()
    assert len(rows) == 1000
    for row, (event_id, event_at, received_at, reason) in enumerate(rows):
        assert event_id == f"e{row:04d}"
        assert received_at == times[row] + timedelta(seconds=5)
        if row in BAD:
            assert (event_at, reason) == (None, "unparseable_event_at"), event_id
        else:
            assert (event_at, reason) == (times[row], None), event_id
