"""GA4: the BigQuery export's ``events_YYYYMMDD`` table, as nested Parquet and JSON lines.

Column names and types as the export schema documents them ("[GA4] BigQuery Export schema"):
``event_timestamp`` INT64 microseconds (UTC), ``event_params`` a repeated record of ``key`` and
``value`` {string_value, int_value, float_value, double_value}, ``device`` / ``geo`` /
``collected_traffic_source`` / ``ecommerce`` records, ``items`` repeated. The JSON-lines file is
BigQuery's newline-delimited JSON export: INT64 as strings, null fields left out.

Devices (``user_pseudo_id``: a random number and the first visit in epoch seconds):
- A, desktop: day 1 08:30 from Bing (organic); 10:00 back through a Google Ads click (gclid),
  views /p/blue-shoes, add_to_cart, /checkout, begin_checkout, purchase (40 EUR, T-GA4-1001);
  day 2 09:00 direct, views /p/red-hat.
- B, mobile: day 1 14:00 from Google (organic), views /p/red-hat.
- C, tablet: day 2 11:00 direct, then /pricing at 11:45: 45 minutes later but the same
  ga_session_id (GA4 kept the session alive), so 1 session for GA4 and 2 by our rules.
Bad rows: a consent-mode cookieless hit without user_pseudo_id (Parquet, day 2) and a hit whose
event_timestamp is not an integer (JSON, day 2).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.collector_fixtures import DAY1, DAY2, SHOP, at, contract_row, day_folder
from tests.collector_fixtures import ga4_export as export

A, B, C = "1187514226.1790843400", "2093302211.1790863200", "734117009.1790938800"
DEVICES = {A, B, C}
# category, operating system, browser, country (GA4 writes the country's name)
DEVICE_INFO = {
    A: ("desktop", "Windows", "Chrome", "France"),
    B: ("mobile", "Android", "Chrome", "Germany"),
    C: ("tablet", "iOS", "Safari", "France"),
}
FIRST_TOUCH = {
    A: ("(organic)", "organic", "bing"),
    B: ("(organic)", "organic", "google"),
    C: ("(direct)", "(none)", "(direct)"),
}
GCLID = "EAIaIQobChMIga4paid1001"
PAID_URL = f"{SHOP}/p/blue-shoes?gclid={GCLID}"
ORDER = "T-GA4-1001"
ITEM = {"item_id": "SKU-BLUE-SHOES", "item_name": "Blue shoes", "price": 40.0, "quantity": 1}


class _Story:
    """Collects GA4 export rows and their contract equivalents."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {}  # file name -> export rows
        self.contract: list[dict] = []
        self.bundle = 5000

    def hit(
        self,
        file: str,
        device: str | None,
        session: datetime,
        number: int,
        moment: datetime,
        name: str,
        url: str,
        referrer: str | None = None,
        **params: object,
    ) -> dict:
        """One export row (and its contract row, when ``device`` is set)."""
        category, system, browser, country = DEVICE_INFO[device or A]
        paid = "gclid=" in url
        event_params = {
            "ga_session_id": int(session.timestamp()),
            "ga_session_number": number,
            "page_location": url,
            "page_title": url.split("?")[0].rsplit("/", 1)[-1] or "Home",
        }
        if referrer:
            event_params["page_referrer"] = referrer
        event_params.update(params)
        if device is None:  # cookieless ping: no session either
            del event_params["ga_session_id"], event_params["ga_session_number"]
        ecommerce, items = None, []
        if name in ("add_to_cart", "begin_checkout", "purchase"):
            items = [ITEM]
            ecommerce = {
                "total_item_quantity": 1,
                "purchase_revenue_in_usd": 46.8 if name == "purchase" else None,
                "purchase_revenue": 40.0 if name == "purchase" else None,
                "shipping_value": 0.0 if name == "purchase" else None,
                "tax_value": 0.0 if name == "purchase" else None,
                "unique_items": 1,
                "transaction_id": ORDER if name == "purchase" else "(not set)",
            }
        self.bundle += 1
        row = {
            "event_date": moment.strftime("%Y%m%d"),
            "event_timestamp": export.micros(moment),
            "event_name": name,
            "event_params": export.params(event_params),
            "event_bundle_sequence_id": self.bundle,
            "event_server_timestamp_offset": 1042,
            "user_pseudo_id": device,
            "privacy_info": {"analytics_storage": "Yes", "ads_storage": "Yes"},
            "user_properties": [],
            "user_first_touch_timestamp": export.micros(at(DAY1, "08:30:00")),
            "device": {
                "category": category,
                "operating_system": system,
                "language": "fr-fr",
                "is_limited_ad_tracking": "No",
                "web_info": {"browser": browser, "hostname": "www.example-shop.com"},
            },
            "geo": {"country": country, "continent": "Europe"},
            "traffic_source": dict(
                zip(["name", "medium", "source"], FIRST_TOUCH[device or A], strict=True)
            ),
            "stream_id": "4178093521",
            "platform": "WEB",
            "ecommerce": ecommerce,
            "items": items,
            "collected_traffic_source": {"gclid": GCLID} if paid else None,
            "is_active_user": True,
            "batch_event_index": 0,
            "batch_page_id": 1,
            "batch_ordering_id": 1,
        }
        self.rows.setdefault(file, []).append(row)
        if device is not None:
            properties = {
                **{key: value for key, value in event_params.items()},
                "browser": browser,
                "operating_system": system,
            }
            if ecommerce:
                properties["order_id"] = ecommerce["transaction_id"]
            if name == "purchase":
                properties["value"] = 40.0
            engagement = event_params.get("engagement_time_msec")
            self.contract.append(
                contract_row(
                    f"ga4-eq-{len(self.contract) + 1:02d}",
                    name,
                    moment,
                    anonymous_id=device,
                    page_url=url,
                    page_title=event_params["page_title"],
                    referrer_url=referrer,
                    click_id=f"gclid={GCLID}" if paid else None,
                    device_category=category,
                    country=country,
                    properties=properties,
                    collector_session_id=event_params["ga_session_id"],
                    engagement_time_msec=engagement,
                    session_engaged=event_params.get("session_engaged"),
                )
            )
        return row


def _story() -> _Story:
    story = _Story()
    day1, day2 = "events_20261001.parquet", "events_20261002.parquet"
    json_file = "events_intraday_20261002.jsonl"
    home, red_hat, checkout = f"{SHOP}/", f"{SHOP}/p/red-hat", f"{SHOP}/checkout"
    bing, google = "https://www.bing.com/", "https://www.google.com/"
    # A, session 1 (day 1 08:30): Bing organic, the home page only.
    s = at(DAY1, "08:30:00")
    story.hit(day1, A, s, 1, s, "session_start", home, bing)
    story.hit(day1, A, s, 1, s, "page_view", home, bing)
    # A, session 2 (day 1 10:00): the Google Ads click, then the purchase path.
    s = at(DAY1, "10:00:00")
    story.hit(day1, A, s, 2, s, "session_start", PAID_URL, google)
    story.hit(day1, A, s, 2, s, "page_view", PAID_URL, google)
    engaged = {"session_engaged": "1"}
    story.hit(
        day1,
        A,
        s,
        2,
        at(DAY1, "10:02:00"),
        "add_to_cart",
        PAID_URL,
        engagement_time_msec=20000,
        currency="EUR",
        value=40.0,
        **engaged,
    )
    story.hit(
        day1,
        A,
        s,
        2,
        at(DAY1, "10:04:00"),
        "page_view",
        checkout,
        PAID_URL,
        engagement_time_msec=15000,
        **engaged,
    )
    story.hit(
        day1,
        A,
        s,
        2,
        at(DAY1, "10:04:30"),
        "begin_checkout",
        checkout,
        engagement_time_msec=5000,
        currency="EUR",
        value=40.0,
        **engaged,
    )
    story.hit(
        day1,
        A,
        s,
        2,
        at(DAY1, "10:08:00"),
        "purchase",
        checkout,
        engagement_time_msec=40000,
        currency="EUR",
        value=40.0,
        transaction_id=ORDER,
        **engaged,
    )
    # B (day 1 14:00): Google organic, then a product page.
    s = at(DAY1, "14:00:00")
    story.hit(day1, B, s, 1, s, "session_start", home, google)
    story.hit(day1, B, s, 1, s, "page_view", home, google)
    story.hit(
        day1,
        B,
        s,
        1,
        at(DAY1, "14:03:00"),
        "page_view",
        red_hat,
        home,
        engagement_time_msec=9000,
        **engaged,
    )
    # A, session 3 (day 2 09:00): direct, then a product page.
    s = at(DAY2, "09:00:00")
    story.hit(day2, A, s, 3, s, "session_start", home)
    story.hit(day2, A, s, 3, s, "page_view", home)
    story.hit(
        day2,
        A,
        s,
        3,
        at(DAY2, "09:01:00"),
        "page_view",
        red_hat,
        home,
        engagement_time_msec=12000,
        **engaged,
    )
    # Consent mode, analytics storage denied: a cookieless hit without user_pseudo_id.
    story.hit(day2, None, s, 1, at(DAY2, "12:00:00"), "page_view", PAID_URL)
    # C (day 2 11:00, JSON lines): one ga_session_id over a 45-minute gap.
    s = at(DAY2, "11:00:00")
    story.hit(json_file, C, s, 1, s, "session_start", home)
    story.hit(json_file, C, s, 1, s, "page_view", home)
    story.hit(
        json_file,
        C,
        s,
        1,
        at(DAY2, "11:45:00"),
        "page_view",
        f"{SHOP}/pricing",
        home,
        engagement_time_msec=4000,
        **engaged,
    )
    bad = story.hit(json_file, None, s, 1, at(DAY2, "11:50:00"), "page_view", home)
    bad["user_pseudo_id"] = C
    bad["event_timestamp"] = "1.7909418e15"  # not an integer: quarantined unparseable_event_at
    return story


def write(landing: Path, folder: str = "ga4") -> list[dict]:
    """Land the GA4 export files under ``landing/folder``; return the contract equivalent."""
    story = _story()
    for file, rows in story.rows.items():
        day = DAY1 if "20261001" in file else DAY2
        path = day_folder(landing, folder, day) / file
        if file.endswith(".parquet"):
            pq.write_table(pa.Table.from_pylist(rows, schema=export.SCHEMA), path)
        else:
            lines = [json.dumps(export.bigquery_json(row)) for row in rows]
            path.write_text("\n".join(lines) + "\n")
    return story.contract


# Hand-computed, by our rules (var sessionize_by: rules) unless said otherwise.
EXPECTED = {
    # A: 08:30, 10:00 (a new day-1 session: 90 min gap), day 2 09:00; B: 14:00;
    # C: 11:00 and 11:45 (45 min > 30 min timeout) = 2 + 1 + 1 + 1 + 2 = 6 sessions
    # (day 1: A, A, B = 3; day 2: A, C, C = 3). GA4's own count: C is 1 session, so 5.
    "sessions": {DAY1: 3, DAY2: 3},
    "sessions_by_collector": 5,
    # view_product (/p/...): A 10:00, B 14:03, A day 2 09:01 = 3; /pricing: C 11:45 = 1;
    # add_to_cart, begin_checkout, purchase: A's paid session = 1 each (purchase 40 EUR).
    "goal_hits": {
        "view_product": 3,
        "add_to_cart": 1,
        "begin_checkout": 1,
        "purchase": 1,
        "view_pricing": 1,
    },
    "purchase_value": 40.0,
    # purchase funnel (person, ordered, closed): A enters at 10:00 and reaches all 4 steps
    # (A's day-2 product view is inside A's 7-day journey); B enters and stops at step 1;
    # C never views a product. Step 1..4: 2, 1, 1, 1.
    "funnel_steps": {1: 2, 2: 1, 3: 1, 4: 1},
    # last_touch: A's purchase has touches 08:30 Organic Search (bing) and 10:00 Paid Search
    # (gclid -> google / cpc); the last one takes credit 1 and the 40 EUR.
    "last_touch": {"Paid Search": (1.0, 40.0)},
    # engagement_time_msec summed per session / 1000: paid session 20 + 15 + 5 + 40 = 80 s;
    # A day 2 = 12 s; B = 9 s; C's second rule session (11:45) = 4 s.
    "engagement_seconds": {
        (A, at(DAY1, "10:00:00")): 80.0,
        (A, at(DAY2, "09:00:00")): 12.0,
        (B, at(DAY1, "14:00:00")): 9.0,
        (C, at(DAY2, "11:45:00")): 4.0,
    },
    # rows as written: day 1 = A 2 + 6, B 3 = 11; day 2 = Parquet A 3 + cookieless 1,
    # JSON C 3 + bad timestamp 1 = 8.
    "rows_in_files": {DAY1: 11, DAY2: 8},
    "quarantined": {"missing_anonymous_id": 1, "unparseable_event_at": 1},
}
