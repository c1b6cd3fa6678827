"""Parameters of a generation run and the row accounting it returns.

:class:`GeneratorConfig` is what a run is asked for; :class:`DaySummary` counts the rows of one
received day (the identity ``rows_written = good_events + duplicate_rows + too_late_events +
malformed`` holds per day) and :class:`GenerationSummary` holds them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tools.sample_events.schema import MALFORMED_REASONS

# Event days without mobile add_to_cart, counted from the start of the window.
CAPTURE_GAP_DAYS = (20, 21, 22)
# Rough events per visit: sizes the legacy share and the automatic number of processes.
EVENTS_PER_VISIT_GUESS = 4.4


@dataclass
class GeneratorConfig:
    """Parameters of a generation run.

    ``start_date``/``end_date`` are inclusive and bound both the simulated event days and the
    written received days. ``visitors_per_day`` is the target number of (new + returning) human
    visits per day. ``chunk_rows`` bounds the rows per parquet file and the rows held in memory
    per open output.
    """

    start_date: date
    end_date: date
    seed: int = 42
    visitors_per_day: int = 3000
    inject_capture_gap: bool = True
    chunk_rows: int = 200_000

    def __post_init__(self) -> None:
        """Validate the parameters."""
        if self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        if self.visitors_per_day < 1:
            raise ValueError("visitors_per_day must be positive")
        if self.chunk_rows < 1:
            raise ValueError("chunk_rows must be positive")

    @property
    def capture_gap_days(self) -> list[date]:
        """Event days without mobile add_to_cart (empty if disabled or the window is too short)."""
        if not self.inject_capture_gap:
            return []
        days = [self.start_date + timedelta(days=k) for k in CAPTURE_GAP_DAYS]
        return days if days[-1] <= self.end_date else []


@dataclass
class DaySummary:
    """Row accounting of one received day (or of the whole run for the totals).

    Identity: ``rows_written == good_events + duplicate_rows + too_late_events + malformed``.
    """

    rows_written: int = 0
    parquet_rows: int = 0
    parquet_files: int = 0
    csv_rows: int = 0
    jsonl_rows: int = 0
    good_events: int = 0
    duplicate_rows: int = 0
    late_events: int = 0
    too_late_events: int = 0
    order_refires: int = 0
    purchases: int = 0
    malformed_rows: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(MALFORMED_REASONS, 0)
    )
    visits: int = 0
    bot_visits: int = 0
    scraper_visits: int = 0

    @property
    def malformed_total(self) -> int:
        """All malformed rows of the day, whatever the reason."""
        return sum(self.malformed_rows.values())

    def accounting_ok(self) -> bool:
        """Return True when the rows add up exactly (see the class docstring)."""
        return (
            self.rows_written
            == (
                self.good_events + self.duplicate_rows + self.too_late_events + self.malformed_total
            )
            and self.rows_written == self.parquet_rows + self.csv_rows + self.jsonl_rows
        )

    def add(self, other: DaySummary) -> None:
        """Add the counts of ``other`` to this summary."""
        for name in self.__dataclass_fields__:
            if name == "malformed_rows":
                for reason, count in other.malformed_rows.items():
                    self.malformed_rows[reason] += count
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the counts."""
        out: dict[str, Any] = {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if name != "malformed_rows"
        }
        out["malformed_rows"] = dict(self.malformed_rows)
        out["malformed_total"] = self.malformed_total
        return out


@dataclass
class GenerationSummary:
    """What a :func:`generate_landing` run wrote, per received date and in total.

    ``visits``/``bot_visits`` of a day count the visits whose landing row was received that day;
    ``bot_visits`` includes the scrapers (``scraper_visits``).
    """

    start_date: date
    end_date: date
    seed: int
    visitors_per_day: int
    capture_gap_days: list[date]
    days: dict[date, DaySummary] = field(default_factory=dict)
    elapsed_seconds: float = 0.0

    @property
    def total(self) -> DaySummary:
        """Sum over all written received days."""
        out = DaySummary()
        for day in self.days.values():
            out.add(day)
        return out

    @property
    def events_per_second(self) -> float:
        """Rows written per wall-clock second."""
        return self.total.rows_written / self.elapsed_seconds if self.elapsed_seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings)."""
        return {
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "seed": self.seed,
            "visitors_per_day": self.visitors_per_day,
            "capture_gap_days": [d.isoformat() for d in self.capture_gap_days],
            "elapsed_seconds": round(self.elapsed_seconds, 3),
            "events_per_second": round(self.events_per_second, 1),
            "total": self.total.to_dict(),
            "days": {d.isoformat(): s.to_dict() for d, s in sorted(self.days.items())},
        }
