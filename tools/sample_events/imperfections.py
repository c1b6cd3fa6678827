"""The imperfections a warehouse has to catch, and where their rows go.

Per visit (:func:`plan_delivery`): late and too-late rows of mobile offline queues, redelivered
duplicates, malformed rows (routed to ``malformed.jsonl``) and rows of the legacy collector
(routed to ``legacy_collector.csv``). Per run: the capture gap, event days without mobile
add_to_cart. Bots and scrapers are in :mod:`~tools.sample_events.bots`.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from tools.sample_events.audience import MOBILE
from tools.sample_events.batch import Batch
from tools.sample_events.catalogue import MALFORMABLE
from tools.sample_events.clock import DAY, HOUR, MIN, SEC, to_ordinal
from tools.sample_events.config import EVENTS_PER_VISIT_GUESS, GeneratorConfig
from tools.sample_events.formatting import format_us, timestamp_strings
from tools.sample_events.schema import (
    COLUMNS,
    F_DUP,
    F_LATE,
    F_TOO_LATE,
    MALFORMED_REASONS,
)
from tools.sample_events.state import SimState
from tools.sample_events.writers import DaySinks

# Rates (per event unless noted).
_P_DUPLICATE = 0.005
_P_MALFORMED = 0.0012
_P_LATE_MOBILE_VISIT = 0.045  # per mobile visit
_P_TOO_LATE_MOBILE_VISIT = 0.0033  # per mobile visit
_LEGACY_ROWS_PER_DAY = 36
_BAD_TIMESTAMPS = ("yesterday", "2026-13-45 99:00", "not-a-timestamp", "31/02/2026 25:61:00", "NaN")
_BAD_PROPERTIES = ("[1,2]", "not json", '"just a string"', "42", "{broken")


def capture_gap_us(config: GeneratorConfig) -> tuple[int, int]:
    """The capture gap as ``[start, end)`` microseconds, ``(0, 0)`` without one."""
    gap = config.capture_gap_days
    return (to_ordinal(gap[0]) * DAY, (to_ordinal(gap[-1]) + 1) * DAY) if gap else (0, 0)


def legacy_share(config: GeneratorConfig) -> float:
    """Per-event probability of a legacy collector row (about 36 rows a day, at most 20%)."""
    expected_events = config.visitors_per_day * EVENTS_PER_VISIT_GUESS
    return min(0.2, _LEGACY_ROWS_PER_DAY / expected_events)


def plan_delivery(
    state: SimState, b: Batch, device: int, start: int, t: int, row0: int, n: int
) -> None:
    """Plan how the ``n`` rows of a visit are delivered: normally, late, or one rare special.

    The visit's rows start at row ``row0`` of ``b``; it started at ``start``, its last event is
    at ``t``.
    A mobile visit may queue its tail offline and flush it 1-3 (late) or 4-6 (too late)
    calendar days later; any other visit may have one row redelivered, one row malformed or
    one row written by the legacy collector.
    """
    r = state.rng.random
    keys = b.keys
    tss = b.ts
    # delivery: normal, late (mobile offline queue) or one rare special per visit
    x = r()
    if device == MOBILE and x < _P_LATE_MOBILE_VISIT + _P_TOO_LATE_MOBILE_VISIT:
        # the queued tail is flushed at one moment: every queued event then lags by 24-72
        # hours (late) or 96-144 hours (too late), and so by 1-3 or 4-6 calendar days
        if x < _P_TOO_LATE_MOBILE_VISIT:
            min_lag, max_lag, flag = 4 * DAY, 6 * DAY, F_TOO_LATE
        else:
            min_lag, max_lag, flag = 1 * DAY, 3 * DAY, F_LATE
        j = row0 + int(r() * n)
        lo = t + min_lag
        hi = tss[j] + max_lag - 10 * SEC - n * 1000
        flush_at = lo + int(r() * (hi - lo))
        if t < (start // DAY + 1) * DAY:  # not past midnight: received <= 6 days later
            flags = b.flags
            extra = b.extra
            for i in range(j, row0 + n):
                flags[i] = flags.get(i, 0) | flag
                extra[i] = flush_at - tss[i] + (i - j) * 1000
    else:
        x = r()
        p_dup = _P_DUPLICATE * n
        p_mal = p_dup + _P_MALFORMED * n
        if x < p_dup:
            i = int(r() * n)
            y = r()
            if y < 0.7:
                delay = SEC + int(r() * 10 * MIN)
            elif y < 0.95:
                delay = 10 * MIN + int(r() * 12 * HOUR)
            else:
                delay = 12 * HOUR + int(r() * 18 * HOUR)
            b.dups.append((row0 + i, delay))
        elif x < p_mal:
            if n > 1:
                i = row0 + 1 + int(r() * (n - 1))
                if (keys[i] >> 8) & 15 in MALFORMABLE:
                    b.malformed.append((i, state.mal_counter % 6, r()))
                    state.mal_counter += 1
        elif x < p_mal + state.p_legacy * n:
            b.legacy.append(row0 + int(r() * n))


def divert_rows(table: pa.Table, b: Batch, sinks: DaySinks) -> pa.Array | None:
    """Route the batch's malformed and legacy rows; return the mask of the rows left, if any.

    These rows leave the parquet stream (malformed to jsonl, legacy collector to csv). The mask
    covers the batch's rows followed by its redelivered copies (see :func:`with_redeliveries`).
    """
    if not (b.malformed or b.legacy):
        return None
    kept = [True] * table.num_rows
    for row, _, _ in b.malformed:
        kept[row] = False
    for row in b.legacy:
        kept[row] = False
    route_malformed(table, b.malformed, sinks)
    route_legacy(table, b.legacy, sinks)
    return pa.array(kept + [True] * len(b.dups), pa.bool_())


def with_redeliveries(table: pa.Table, dups: list[tuple[int, int]]) -> pa.Table:
    """``table`` followed by the redelivered copies ``dups`` (row, extra delay) of its rows."""
    if not dups:
        return table
    rows = pa.array([row for row, _ in dups], pa.int32())
    copies = table.take(rows)
    new_recv = pc.add(copies["__recv"], pa.array([d for _, d in dups], pa.int64()))
    copies = copies.set_column(
        COLUMNS.index("received_at"), "received_at", timestamp_strings(new_recv)
    )
    copies = copies.set_column(len(COLUMNS), "__recv", new_recv)
    copies = copies.set_column(
        len(COLUMNS) + 1, "__flags", pa.array([F_DUP] * len(dups), pa.int16())
    )
    return pa.concat_tables([table, copies])


def route_malformed(table: pa.Table, picks: list[tuple[int, int, float]], sinks: DaySinks) -> None:
    """Write the picked rows of ``table``, made malformed, to their received day's jsonl rows.

    ``picks`` are ``(row, reason index, x)``; ``x`` in [0, 1) chooses how the row breaks.
    """
    if not picks:
        return
    rows = table.take(pa.array([row for row, _, _ in picks], pa.int32())).to_pylist()
    for row, (_, reason_ix, x) in zip(rows, picks, strict=True):
        recv_us = row.pop("__recv")
        row.pop("__flags")
        sink = sinks.get(recv_us // DAY)
        if sink is None:
            continue
        reason = MALFORMED_REASONS[reason_ix]
        if reason == "missing_event_id":
            _drop(row, "event_id", x)
        elif reason == "missing_anonymous_id":
            _drop(row, "anonymous_id", x)
        elif reason == "missing_event_name":
            _drop(row, "event_name", x)
        elif reason == "unparseable_event_at":
            row["event_at"] = _BAD_TIMESTAMPS[int(x * len(_BAD_TIMESTAMPS))]
        elif reason == "clock_skew":
            row["event_at"] = format_us(recv_us + 25 * HOUR + int(x * 47 * HOUR))
        else:
            row["properties"] = _BAD_PROPERTIES[int(x * len(_BAD_PROPERTIES))]
        sink.add_malformed(row, reason)


def route_legacy(table: pa.Table, picks: list[int], sinks: DaySinks) -> None:
    """Write the picked rows of ``table`` to their received day's legacy collector rows."""
    if not picks:
        return
    rows = table.take(pa.array(picks, pa.int32())).to_pylist()
    for row in rows:
        recv_us = row.pop("__recv")
        flags = row.pop("__flags")
        sink = sinks.get(recv_us // DAY)
        if sink is not None:
            sink.add_legacy(row, flags)


def _drop(row: dict[str, Any], key: str, x: float) -> None:
    """Remove ``key`` from a malformed row: as an absent key or as an explicit null."""
    if x < 0.5:
        del row[key]
    else:
        row[key] = None
