"""The landing format: the 20 string columns, the file and folder names, the malformed reasons.

Also the row flags, a helper column (``__flags``) that travels with the rows through the
simulation for the accounting and is never written.
"""

from __future__ import annotations

import pyarrow as pa

COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_name",
    "event_at",
    "received_at",
    "anonymous_id",
    "user_id",
    "page_url",
    "page_title",
    "referrer_url",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "click_id",
    "device_category",
    "user_agent",
    "ip_address",
    "country",
    "properties",
)
SCHEMA = pa.schema([(name, pa.string()) for name in COLUMNS])
HOST = "www.example-shop.com"
BASE_URL = f"https://{HOST}"
MALFORMED_REASONS: tuple[str, ...] = (
    "missing_event_id",
    "missing_anonymous_id",
    "missing_event_name",
    "unparseable_event_at",
    "clock_skew",
    "properties_not_object",
)
EVENTS_DIR = "events"
SPEND_DIR = "spend"
MALFORMED_FILE = "malformed.jsonl"
LEGACY_FILE = "legacy_collector.csv"

# Row flags (helper column, never written).
F_LANDING = 1
F_BOT = 2
F_SCRAPER = 4
F_LATE = 8
F_TOO_LATE = 16
F_REFIRE = 32
F_DUP = 64
F_PURCHASE = 128
