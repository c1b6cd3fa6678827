"""The mutable state of a simulation run that the visit, bot and imperfection functions share.

One :class:`SimState` lives as long as a :class:`~tools.sample_events.simulation.Simulator`:
the RNG and the counters are reset at the start of each event day, the utm table and the
query-string cache grow over the run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from tools.sample_events.clock import seeded_rng
from tools.sample_events.schema import MALFORMED_REASONS

UtmRow = tuple[str | None, ...]  # source, medium, campaign, term, content
NO_UTM: tuple[None, None, None, None, None] = (None, None, None, None, None)


@dataclass
class SimState:
    """RNG, per-day counters and the utm lookup tables of a simulation run.

    ``gap`` is the capture gap as ``[start, end)`` microseconds (``(0, 0)`` without one) and
    ``p_legacy`` the per-event share of the rows delivered by the legacy collector.
    """

    gap: tuple[int, int]
    p_legacy: float
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    mal_counter: int = 0
    digest_campaign: str = ""
    query_cache: dict[tuple[UtmRow, str], str] = field(default_factory=dict)
    utm_table: list[UtmRow] = field(default_factory=lambda: [NO_UTM])
    utm_index: dict[UtmRow, int] = field(default_factory=lambda: {NO_UTM: 0})

    def start_day(self, seed: int, day: date) -> random.Random:
        """Reset the RNG and the per-day values for event day ``day``; return the RNG."""
        self.rng = rng = seeded_rng(seed, "day", day)
        self.mal_counter = int(rng.random() * len(MALFORMED_REASONS))
        iso = day.isocalendar()
        self.digest_campaign = f"weekly_digest_{iso[0]}_w{iso[1]:02d}"
        return rng
