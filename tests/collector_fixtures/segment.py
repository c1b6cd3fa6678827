"""Segment: S3 / webhook messages as JSON lines, and a warehouse ``tracks`` table.

Message fields as Segment's Spec documents them (``type``, ``messageId``, ``anonymousId``,
``userId``, ``timestamp``, ``receivedAt``, ``context.page`` {url, title, referrer, path},
``context.campaign`` {source, medium, name}, ``context.userAgent``, ``context.ip``,
``properties``, ``event``); the e-commerce events as its E-commerce Spec names them. The
warehouse table has Segment's snake_case columns (``anonymous_id``, ``context_page_url``, ...)
and TIMESTAMP columns. Day 1 lands as Segment's S3 archive (gzip, a bare ``.gz``), day 2 as
plain JSON lines beside ``tracks.parquet``.

Devices (``anonymousId``):
- A: day 1 08:30 from the newsletter (utm email); 10:00 back through a Google ad (utm cpc) on
  /p/blue-shoes, ``Product Added``, /checkout, ``Checkout Started``, ``Order Completed``
  (revenue 40, total 45 with shipping: the value is the revenue); day 2 09:00 direct, /p/red-hat.
- B: day 1 14:00 from Google (organic), views /p/red-hat.
- C: day 2 11:00 direct on /p/green-scarf; its ``Product Added`` is in the warehouse ``tracks``.
Bad row: a track without ``event`` (day 2).
"""

from __future__ import annotations

import gzip
import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.collector_fixtures import DAY1, DAY2, SHOP, at, contract_row, day_folder

A = "4c1e8f0a-2b5d-4e7a-9c3f-6a0d1b2e3f41"
B = "9b7d6c5e-4f3a-4b2c-8d1e-0f9a8b7c6d52"
C = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c63"
DEVICES = {A, B, C}
USER_AGENT = {
    A: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/129.0 Safari/537.36",
    B: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/129.0 Mobile",
    C: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15",
}
NEWSLETTER = {"source": "newsletter", "medium": "email", "name": "october"}
GOOGLE_ADS = {"source": "google", "medium": "cpc", "name": "autumn"}
PAID_URL = f"{SHOP}/p/blue-shoes?utm_source=google&utm_medium=cpc&utm_campaign=autumn"
NEWS_URL = f"{SHOP}/?utm_source=newsletter&utm_medium=email&utm_campaign=october"
ORDER = "SEG-1001"
PRODUCT = {"product_id": "blue-shoes", "sku": "SKU-BLUE-SHOES", "price": 40, "quantity": 1}
EVENT_NAMES = {
    "Product Added": "add_to_cart",
    "Checkout Started": "begin_checkout",
    "Order Completed": "purchase",
}


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class _Story:
    """Collects Segment messages (per received day) and their contract equivalents."""

    def __init__(self) -> None:
        self.messages: dict[str, list[dict]] = {}
        self.contract: list[dict] = []

    def call(
        self,
        device: str,
        moment: datetime,
        kind: str,
        url: str,
        referrer: str = "",
        campaign: dict | None = None,
        event: str | None = None,
        properties: dict | None = None,
    ) -> dict:
        """One ``page`` or ``track`` message of ``device``."""
        number = sum(len(messages) for messages in self.messages.values()) + 1
        received = moment + timedelta(milliseconds=480)
        path = url.removeprefix(SHOP).split("?")[0]
        title = path.rsplit("/", 1)[-1] or "Home"
        context = {
            "library": {"name": "analytics.js", "version": "next-1.74.0"},
            "page": {"path": path, "referrer": referrer, "search": "", "title": title, "url": url},
            "userAgent": USER_AGENT[device],
            "ip": "198.51.100.23",
            "locale": "fr-FR",
        }
        if campaign:
            context["campaign"] = campaign
        message = {
            "anonymousId": device,
            "context": context,
            "integrations": {},
            "messageId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"segment-fixture/{number}")),
            "originalTimestamp": _time(moment),
            "properties": properties or {},
            "receivedAt": _time(received),
            "sentAt": _time(moment + timedelta(milliseconds=120)),
            "timestamp": _time(moment),
            "type": kind,
            "userId": None,
            "version": 2,
        }
        if kind == "page":
            message["properties"] = {
                "path": path,
                "referrer": referrer,
                "title": title,
                "url": url,
                **(properties or {}),
            }
        if event:
            message["event"] = event
        day = "2026-10-01" if moment.date() == DAY1 else "2026-10-02"
        self.messages.setdefault(day, []).append(message)
        contract_properties = dict(message["properties"])
        if "revenue" in contract_properties:
            contract_properties.setdefault("value", contract_properties["revenue"])
        self.contract.append(
            contract_row(
                message["messageId"],
                "page_view" if kind == "page" else EVENT_NAMES[event],
                moment,
                received_at=received,
                anonymous_id=device,
                page_url=url,
                page_title=title,
                referrer_url=referrer or None,
                utm_source=(campaign or {}).get("source"),
                utm_medium=(campaign or {}).get("medium"),
                utm_campaign=(campaign or {}).get("name"),
                user_agent=USER_AGENT[device],
                ip_address="198.51.100.23",
                properties=contract_properties,
            )
        )
        return message


def _warehouse_track(message: dict) -> dict:
    """A track message as a row of Segment's warehouse ``tracks`` table."""
    page, context = message["context"]["page"], message["context"]

    def moment(key: str) -> datetime:
        return datetime.fromisoformat(message[key])

    return {
        "id": message["messageId"],
        "anonymous_id": message["anonymousId"],
        "user_id": message["userId"],
        "event": message["event"].lower().replace(" ", "_"),
        "event_text": message["event"],
        "timestamp": moment("timestamp"),
        "original_timestamp": moment("originalTimestamp"),
        "sent_at": moment("sentAt"),
        "received_at": moment("receivedAt"),
        "uuid_ts": moment("receivedAt") + timedelta(minutes=20),
        "context_page_url": page["url"],
        "context_page_path": page["path"],
        "context_page_title": page["title"],
        "context_page_referrer": page["referrer"],
        "context_user_agent": context["userAgent"],
        "context_ip": context["ip"],
        "context_library_name": context["library"]["name"],
        "context_library_version": context["library"]["version"],
    }


def _story() -> tuple[_Story, list[dict]]:
    story = _Story()
    home, red_hat, checkout = f"{SHOP}/", f"{SHOP}/p/red-hat", f"{SHOP}/checkout"
    # A, session 1 (day 1 08:30): the newsletter.
    story.call(A, at(DAY1, "08:30:00"), "page", NEWS_URL, campaign=NEWSLETTER)
    # A, session 2 (day 1 10:00): the Google ad (analytics.js sends the page's utm as
    # context.campaign with every call made on that page), then the purchase path.
    google = "https://www.google.com/"
    story.call(A, at(DAY1, "10:00:00"), "page", PAID_URL, google, GOOGLE_ADS)
    story.call(
        A,
        at(DAY1, "10:02:00"),
        "track",
        PAID_URL,
        google,
        GOOGLE_ADS,
        "Product Added",
        {**PRODUCT, "cart_id": "cart-1"},
    )
    story.call(A, at(DAY1, "10:04:00"), "page", checkout, PAID_URL)
    money = {
        "order_id": ORDER,
        "revenue": 40,
        "shipping": 5,
        "tax": 0,
        "currency": "EUR",
        "products": [PRODUCT],
    }
    story.call(
        A,
        at(DAY1, "10:04:30"),
        "track",
        checkout,
        PAID_URL,
        None,
        "Checkout Started",
        {**money, "value": 45},
    )
    story.call(
        A,
        at(DAY1, "10:08:00"),
        "track",
        checkout,
        PAID_URL,
        None,
        "Order Completed",
        {**money, "total": 45},
    )
    # B (day 1 14:00): Google organic, then a product page.
    story.call(B, at(DAY1, "14:00:00"), "page", home, google)
    story.call(B, at(DAY1, "14:03:00"), "page", red_hat, home)
    # A, session 3 (day 2 09:00): direct, then a product page.
    story.call(A, at(DAY2, "09:00:00"), "page", home)
    story.call(A, at(DAY2, "09:01:00"), "page", red_hat, home)
    # C (day 2 11:00): direct on a product page; the Product Added is in the warehouse table.
    scarf = f"{SHOP}/p/green-scarf"
    story.call(C, at(DAY2, "11:00:00"), "page", scarf)
    added = story.call(
        C,
        at(DAY2, "11:01:00"),
        "track",
        scarf,
        event="Product Added",
        properties={"product_id": "green-scarf"},
    )
    story.messages["2026-10-02"].remove(added)
    story.contract[-1]["properties"] = None  # the tracks table has no properties
    # A track without its event name: quarantined missing_event_name.
    bad = story.call(C, at(DAY2, "11:03:00"), "track", scarf, event="Product Added")
    del bad["event"]
    story.contract.pop()
    return story, [_warehouse_track(added)]


def write(landing: Path, folder: str = "segment") -> list[dict]:
    """Land the Segment files under ``landing/folder``; return the contract equivalent."""
    story, tracks = _story()
    for day, messages in story.messages.items():
        path = day_folder(landing, folder, DAY1 if day == "2026-10-01" else DAY2)
        text = "\n".join(json.dumps(message) for message in messages) + "\n"
        if day == "2026-10-01":  # Segment's S3 archive: a gzip of JSON lines
            (path / "1790812800000.c6b3e2a1-s3-archive.gz").write_bytes(
                gzip.compress(text.encode())
            )
        else:
            (path / "messages.jsonl").write_text(text)
    schema = pa.schema(
        [
            (name, pa.timestamp("ms", tz="UTC") if isinstance(value, datetime) else pa.string())
            for name, value in tracks[0].items()
        ]
    )
    pq.write_table(
        pa.Table.from_pylist(tracks, schema=schema),
        day_folder(landing, folder, DAY2) / "tracks.parquet",
    )
    return story.contract


# Hand-computed, by our rules.
EXPECTED = {
    # A 08:30, A 10:00 (a new utm triple and 90 min later), B 14:00 on day 1; A 09:00, C 11:00
    # on day 2.
    "sessions": {DAY1: 3, DAY2: 2},
    "sessions_by_collector": 5,
    # view_product: A 10:00, B 14:03, A 09:01, C 11:00 = 4; add_to_cart: A's Product Added and
    # C's (tracks table) = 2; Checkout Started = 1; Order Completed = 1 (40 EUR: the revenue).
    "goal_hits": {"view_product": 4, "add_to_cart": 2, "begin_checkout": 1, "purchase": 1},
    "purchase_value": 40.0,
    # A reaches 4 steps; B step 1; C steps 1 and 2: 3, 2, 1, 1.
    "funnel_steps": {1: 3, 2: 2, 3: 1, 4: 1},
    # touches Email (newsletter, 08:30) and Paid Search (google / cpc, 10:00): last Paid Search.
    "last_touch": {"Paid Search": (1.0, 40.0)},
    "engagement_seconds": {},
    # day 1: A 1 + 5, B 2 = 8 messages; day 2: JSON A 2 + C 1 + the bad track 1, tracks 1 = 5.
    "rows_in_files": {DAY1: 8, DAY2: 5},
    "quarantined": {"missing_event_name": 1},
}
