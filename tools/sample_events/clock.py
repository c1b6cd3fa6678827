"""Time base of the generator: microsecond units, day ordinals and the seeded RNGs.

Timestamps are ints of microseconds since 1970-01-01 (UTC, naive); days are ordinals counted
from the same epoch, so ``ts // DAY`` is the ordinal of the day ``ts`` falls on.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

SEC = 1_000_000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
EPOCH = date(1970, 1, 1)


def date_range(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last``, both included."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def to_ordinal(d: date) -> int:
    """Days from the epoch to ``d``."""
    return (d - EPOCH).days


def seeded_rng(seed: int, purpose: str, day: date) -> random.Random:
    """The RNG of one ``purpose`` (roster, day, spend) on one day: a function of the seed only."""
    return random.Random(f"{seed}|{purpose}|{day.isoformat()}")
