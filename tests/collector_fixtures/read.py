"""Read the hand-checked numbers of one collector's devices from a built warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb

# Id columns: GA4's event ids are synthesized by the adapter, so the marts of a GA4 export and
# of its contract equivalent agree on everything but these (and the ids built from them).
ID_COLUMNS = {
    "session_id",
    "event_id",
    "goal_hit_id",
    "journey_id",
    "entry_session_id",
    "breakdown_session_id",
    "touch_session_id",
    "conversion_id",
}
# Marts compared between an adapter build and its contract-equivalent build (quarantine and
# reconciliation differ by design: the bad rows are only in the adapter landing).
NOT_COMPARED = {"quarantined_events", "quarantined_files", "rpt_landing_reconciliation_daily"}


def rows(database: Path, sql: str, *parameters: object) -> list[tuple]:
    """The rows of ``sql`` in ``database`` (read-only)."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql, list(parameters)).fetchall()


def _in(devices: set[str]) -> str:
    return "(" + ", ".join(f"'{device}'" for device in sorted(devices)) + ")"


def hand_numbers(database: Path, devices: set[str]) -> dict:
    """The numbers a fixture module's ``EXPECTED`` holds, for ``devices``."""
    where = f"in {_in(devices)}"
    sessions = rows(
        database,
        f"select session_date, count(*) from fct_sessions where anonymous_id {where} group by 1",
    )
    goal_hits = rows(
        database,
        f"select goal_id, count(*) from fct_goal_hits where anonymous_id {where} group by 1",
    )
    purchase_value = rows(
        database,
        f"select sum(value) from fct_goal_hits where goal_id = 'purchase' and anonymous_id {where}",
    )[0][0]
    funnel = rows(
        database,
        "select step_number, count(distinct journey_id) from fct_funnel_steps"
        f" where funnel_id = 'purchase' and person_id {where} group by 1",
    )
    last_touch = rows(
        database,
        "select channel, sum(credit), sum(revenue_credit) from fct_attribution_credits"
        f" where model = 'last_touch' and person_id {where} group by 1 having sum(credit) > 0",
    )
    return {
        "sessions": {day: count for day, count in sessions},
        "goal_hits": dict(goal_hits),
        "purchase_value": purchase_value,
        "funnel_steps": dict(funnel),
        "last_touch": {channel: (credit, revenue) for channel, credit, revenue in last_touch},
    }


HAND_KEYS = ("sessions", "goal_hits", "purchase_value", "funnel_steps", "last_touch")


def session_counts(database: Path, devices: set[str]) -> int:
    """How many sessions ``devices`` have."""
    return rows(
        database, f"select count(*) from fct_sessions where anonymous_id in {_in(devices)}"
    )[0][0]


def marts_without_ids(database: Path) -> dict[str, list[tuple]]:
    """Every fct_/rpt_ mart but quarantine and reconciliation, without its id columns, sorted."""
    with duckdb.connect(str(database), read_only=True) as connection:
        columns: dict[str, list[str]] = {}
        for table, column in connection.execute(
            "select table_name, column_name from information_schema.columns"
            " where table_schema = 'main' and (table_name like 'fct\\_%' escape '\\'"
            " or table_name like 'rpt\\_%' escape '\\') order by table_name, ordinal_position"
        ).fetchall():
            columns.setdefault(table, []).append(column)
        return {
            table: connection.execute(
                f"select {', '.join(c for c in names if c not in ID_COLUMNS)} from {table}"
                " order by all"
            ).fetchall()
            for table, names in columns.items()
            if table not in NOT_COMPARED
        }


def device_rows(database: Path, devices: set[str]) -> dict[str, list[tuple]]:
    """Every column of the device-level marts for ``devices`` (ids included), sorted."""
    where = f"in {_in(devices)}"
    return {
        "fct_sessions": rows(
            database, f"select * from fct_sessions where anonymous_id {where} order by all"
        ),
        "fct_goal_hits": rows(
            database, f"select * from fct_goal_hits where anonymous_id {where} order by all"
        ),
        "fct_funnel_steps": rows(
            database, f"select * from fct_funnel_steps where person_id {where} order by all"
        ),
        "fct_attribution_credits": rows(
            database, f"select * from fct_attribution_credits where person_id {where} order by all"
        ),
    }
