"""Synthetic raw web-analytics events for the Conversion Warehouse landing zone.

Run ``python -m tools.sample_events --help``; from Python, :func:`generate_landing` with a
:class:`GeneratorConfig`.

The generator simulates a believable e-commerce site (``www.example-shop.com``): persons with one
or two devices visit the shop through a realistic traffic mix (organic and paid search, shopping,
social, email, referral, display, affiliates, video, direct), browse, sign in, add to cart and
buy. Conversion propensity depends on channel and device so that attribution has something to
find. On top of the clean behaviour it injects the imperfections a warehouse has to catch: bots
and scrapers, redelivered duplicates, purchase re-fires, late and too-late events, malformed
rows and one instrumentation gap.

Output layout (Hive-partitioned by the UTC day the collector *received* the rows)::

    <out_dir>/events/received_date=YYYY-MM-DD/part-<event day YYYYMMDD>-NNNN.parquet
    <out_dir>/events/received_date=YYYY-MM-DD/malformed.jsonl       (malformed rows, if any)
    <out_dir>/events/received_date=YYYY-MM-DD/legacy_collector.csv  (a few dozen good events)

Parquet parts hold all 20 columns as strings, at most ``chunk_rows`` rows each; every event day
that contributes rows to a received day writes its own parts (mostly the same day and the day
before, a handful of late rows from up to six days before), so event days can be simulated in
parallel processes without changing a byte. Files are written under a hidden temporary name and
renamed into place.

Determinism: every event day is simulated from an RNG seeded with ``(seed, event_day)``; the
persons first seen on a day, with all their planned visits of the next 14 days (devices, channel,
sign-ins), are derived from ``(seed, that day, visitors_per_day)`` alone. So the rows of a received
day depend neither on which other days are written nor on the window (except that event days
before ``start_date`` are not simulated and that the capture gap is placed relative to
``start_date``): a daily job with a moving window rewrites a day with the same rows.

Accounting per received day (see :class:`DaySummary`)::

    rows_written = good_events + duplicate_rows + too_late_events + sum(malformed_rows)

* ``good_events`` are distinct, well-formed events received 0-3 days after ``event_at``; they
  include bot/scraper traffic, late events (1-3 days) and purchase re-fires (new event_id, same
  order_id), wherever they were written (parquet or legacy CSV).
* ``duplicate_rows`` are exact redelivered copies (same event_id and fields, later
  ``received_at``). Only ordinary, on-time events are ever redelivered, and a copy arrives at most
  30 hours after the original, so a copy is never late, too late, malformed or in the CSV file.
* ``too_late_events`` are received 4-6 days after ``event_at`` (see below); the warehouse
  quarantines them.
* malformed rows replace the event they were derived from (the event is lost), never a landing
  page view or a funnel event, and are only written to ``malformed.jsonl``.
* late and too-late rows come from mobile offline queues: the tail of a mobile visit is
  delivered at once, 24-72 hours (late: 1-3 calendar days) or 96-144 hours (too late: 4-6
  calendar days) after each queued ``event_at``; no row lags 72-96 hours or more than 144 hours,
  so the time-based and the calendar-day-based rules agree. They are never duplicated, malformed
  or written to the CSV file. Every other first delivery arrives 0.2-5 s after ``event_at``.
* ``visits``/``bot_visits`` of a day count the visits whose landing row was received that day;
  events of one visit may be received on several days (midnight, late queues).

Modules, in the order a run uses them: ``config`` (parameters, summaries), ``schema`` (columns,
file names, row flags), ``clock`` (time units, seeded RNGs), ``catalogue`` (pages, products,
events), ``audience`` (devices, user agents, countries), ``channels`` (traffic sources, spend),
``rosters`` (persons and their planned visits), ``visits`` (human visits), ``bots``,
``imperfections`` (late, duplicate, malformed and legacy rows, the capture gap), ``batch`` and
``formatting`` (rows to Arrow columns), ``writers`` (files), ``simulation`` (event days),
``parallel`` (worker processes), ``generate`` (:func:`generate_landing`) and ``cli``.
"""

from tools.sample_events.catalogue import EVENT_NAMES
from tools.sample_events.cli import build_parser, main
from tools.sample_events.config import (
    CAPTURE_GAP_DAYS,
    DaySummary,
    GenerationSummary,
    GeneratorConfig,
)
from tools.sample_events.generate import generate_landing
from tools.sample_events.schema import (
    BASE_URL,
    COLUMNS,
    EVENTS_DIR,
    HOST,
    LEGACY_FILE,
    MALFORMED_FILE,
    MALFORMED_REASONS,
    SCHEMA,
    SPEND_DIR,
)
from tools.sample_events.writers import received_day_dir, write_sample_spend

__all__ = [
    "BASE_URL",
    "CAPTURE_GAP_DAYS",
    "COLUMNS",
    "EVENTS_DIR",
    "EVENT_NAMES",
    "HOST",
    "LEGACY_FILE",
    "MALFORMED_FILE",
    "MALFORMED_REASONS",
    "SCHEMA",
    "SPEND_DIR",
    "DaySummary",
    "GenerationSummary",
    "GeneratorConfig",
    "build_parser",
    "generate_landing",
    "main",
    "received_day_dir",
    "write_sample_spend",
]
