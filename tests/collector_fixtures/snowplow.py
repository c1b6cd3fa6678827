"""Snowplow: enriched events as the loader writes them, TSV with the 131 canonical fields.

Field order as Snowplow documents it ("Enriched stream TSV file format"); no header;
timestamps ``YYYY-MM-DD hh:mm:ss.sss`` (UTC); ``contexts`` and ``unstruct_event`` self-describing
JSON; an empty field is null.

Devices (``domain_userid``, the first-party cookie):
- A, desktop (dvce_type Computer): day 1 08:30 from a news article (referral); 10:00 back through
  a Facebook ad (utm -> mkt_* by the campaign attribution enrichment) on /p/blue-shoes, with page
  pings, an add_to_cart self-describing event, /checkout, a structured event begin_checkout and
  a legacy transaction (40 EUR, SP-1001); day 2 09:00 direct, with pings, then /p/red-hat.
- B, mobile (dvce_type Mobile): day 1 14:00 from Google (organic), views /p/red-hat.
- C, tablet: day 2 11:00 direct, the home page then /pricing.
Bad file: a GA4 export in the Snowplow folder (written by the test).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from tests.collector_fixtures import DAY1, DAY2, SHOP, at, contract_row, day_folder

FIELDS = (
    "app_id platform etl_tstamp collector_tstamp dvce_created_tstamp event event_id txn_id"
    " name_tracker v_tracker v_collector v_etl user_id user_ipaddress user_fingerprint"
    " domain_userid domain_sessionidx network_userid geo_country geo_region geo_city geo_zipcode"
    " geo_latitude geo_longitude geo_region_name ip_isp ip_organization ip_domain ip_netspeed"
    " page_url page_title page_referrer page_urlscheme page_urlhost page_urlport page_urlpath"
    " page_urlquery page_urlfragment refr_urlscheme refr_urlhost refr_urlport refr_urlpath"
    " refr_urlquery refr_urlfragment refr_medium refr_source refr_term mkt_medium mkt_source"
    " mkt_term mkt_content mkt_campaign contexts se_category se_action se_label se_property"
    " se_value unstruct_event tr_orderid tr_affiliation tr_total tr_tax tr_shipping tr_city"
    " tr_state tr_country ti_orderid ti_sku ti_name ti_category ti_price ti_quantity"
    " pp_xoffset_min pp_xoffset_max pp_yoffset_min pp_yoffset_max useragent br_name br_family"
    " br_version br_type br_renderengine br_lang br_features_pdf br_features_flash"
    " br_features_java br_features_director br_features_quicktime br_features_realplayer"
    " br_features_windowsmedia br_features_gears br_features_silverlight br_cookies"
    " br_colordepth br_viewwidth br_viewheight os_name os_family os_manufacturer os_timezone"
    " dvce_type dvce_ismobile dvce_screenwidth dvce_screenheight doc_charset doc_width"
    " doc_height tr_currency tr_total_base tr_tax_base tr_shipping_base ti_currency"
    " ti_price_base base_currency geo_timezone mkt_clickid mkt_network etl_tags dvce_sent_tstamp"
    " refr_domain_userid refr_device_tstamp derived_contexts domain_sessionid derived_tstamp"
    " event_vendor event_name event_format event_version event_fingerprint true_tstamp"
).split()
assert len(FIELDS) == 131

A = "5f0c27a1-3b7e-4c55-9d2a-0a41c6e0aa01"
B = "8e14d9c2-7a61-4f08-b3d5-1c92f7e0bb02"
C = "c2a7f3e9-1d44-4b9e-a6c1-5e03d8f1cc03"
DEVICES = {A, B, C}
UA = {
    A: (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/129.0 Safari/537.36",
        "Computer",
        "0",
        "FR",
        "desktop",
    ),
    B: (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/129.0 Mobile",
        "Mobile",
        "1",
        "DE",
        "mobile",
    ),
    C: (
        "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1",
        "Tablet",
        "1",
        "FR",
        "tablet",
    ),
}
PAID_URL = f"{SHOP}/p/blue-shoes?utm_source=facebook&utm_medium=paid_social&utm_campaign=autumn"
ORDER = "SP-1001"
_IGLU = "iglu:com.snowplowanalytics.snowplow"


def _tstamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"snowplow-fixture/{name}"))


class _Story:
    """Collects enriched events (TSV lines per received day) and their contract equivalents."""

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {}
        self.contract: list[dict] = []

    def event(
        self,
        device: str,
        session: int,
        moment: datetime,
        event: str,
        url: str,
        page_view: str,
        referrer: str | None = None,
        **fields: str,
    ) -> None:
        """One enriched event of ``device`` in its ``session``-th session, on page view
        ``page_view`` (the web_page entity's id)."""
        user_agent, dvce_type, ismobile, country, category = UA[device]
        number = sum(len(lines) for lines in self.lines.values()) + 1
        event_id = _id(f"{device}/{number}")
        session_id = _id(f"{device}/session/{session}")
        web_page = {"schema": f"{_IGLU}/web_page/jsonschema/1-0-0", "data": {"id": page_view}}
        contexts = {"schema": f"{_IGLU}/contexts/jsonschema/1-0-0", "data": [web_page]}
        values = dict.fromkeys(FIELDS, "")
        values.update(
            app_id="shop",
            platform="web",
            event=event,
            event_id=event_id,
            etl_tstamp=_tstamp(moment + timedelta(seconds=2)),
            collector_tstamp=_tstamp(moment + timedelta(milliseconds=250)),
            dvce_created_tstamp=_tstamp(moment),
            dvce_sent_tstamp=_tstamp(moment),
            derived_tstamp=_tstamp(moment),
            name_tracker="sp",
            v_tracker="js-3.24.2",
            v_collector="ssc-3.2.0-kinesis",
            v_etl="snowplow-enrich-kinesis-4.2.0",
            user_ipaddress="192.0.2.17",
            domain_userid=device,
            domain_sessionidx=str(session),
            network_userid=_id(f"{device}/network"),
            domain_sessionid=session_id,
            geo_country=country,
            page_url=url,
            page_title=url.split("?")[0].rsplit("/", 1)[-1],
            page_referrer=referrer or "",
            page_urlscheme="https",
            page_urlhost="www.example-shop.com",
            page_urlport="443",
            page_urlpath=url.removeprefix(SHOP).split("?")[0],
            page_urlquery=url.split("?")[1] if "?" in url else "",
            contexts=json.dumps(contexts),
            useragent=user_agent,
            br_family="Chrome",
            os_family="Windows",
            dvce_type=dvce_type,
            dvce_ismobile=ismobile,
            event_vendor="com.snowplowanalytics.snowplow",
            event_name=event,
            event_format="jsonschema",
            event_version="1-0-0",
        )
        if referrer:  # the referer parser enrichment
            host = referrer.split("/")[2]
            medium = {"www.google.com": "search", "www.example-shop.com": "internal"}
            values.update(
                refr_urlscheme="https",
                refr_urlhost=host,
                refr_urlport="443",
                refr_urlpath="/" + referrer.split("/", 3)[3],
                refr_medium=medium.get(host, "unknown"),
            )
            if host == "www.google.com":
                values.update(refr_source="Google")
        if "utm_source=" in url:  # the campaign attribution enrichment
            values.update(mkt_source="facebook", mkt_medium="paid_social", mkt_campaign="autumn")
        values.update(fields)
        day = "2026-10-01" if moment.date() == DAY1 else "2026-10-02"
        self.lines.setdefault(day, []).append("\t".join(values[name] for name in FIELDS))
        name = {
            "struct": values["se_action"],
            "transaction": "purchase",
            "unstruct": values["event_name"],
        }.get(event, event)
        properties = {"page_view_id": page_view}
        if event == "unstruct":
            properties.update(json.loads(values["unstruct_event"])["data"]["data"])
        if event == "struct":
            properties.update(se_category=values["se_category"])
        if event == "transaction":
            properties.update(order_id=ORDER, value=40.0, currency="EUR")
        self.contract.append(
            contract_row(
                event_id,
                name,
                moment,
                received_at=moment + timedelta(milliseconds=250),
                anonymous_id=device,
                page_url=url,
                page_title=values["page_title"],
                referrer_url=referrer,
                utm_source=values["mkt_source"] or None,
                utm_medium=values["mkt_medium"] or None,
                utm_campaign=values["mkt_campaign"] or None,
                device_category=category,
                user_agent=user_agent,
                ip_address="192.0.2.17",
                country=country,
                properties=properties,
                collector_session_id=session_id,
            )
        )


def _story() -> _Story:
    story = _Story()
    home, red_hat, checkout = f"{SHOP}/", f"{SHOP}/p/red-hat", f"{SHOP}/checkout"
    article = "https://news.example.org/autumn-shoes"
    # A, session 1 (day 1 08:30): a referral from a news article.
    story.event(A, 1, at(DAY1, "08:30:00"), "page_view", home, "pv-a1", article)
    # A, session 2 (day 1 10:00): the Facebook ad, pings while reading the product page.
    story.event(A, 2, at(DAY1, "10:00:00"), "page_view", PAID_URL, "pv-a2")
    for clock in ("10:00:05", "10:00:15", "10:00:19", "10:00:31"):
        story.event(A, 2, at(DAY1, clock), "page_ping", PAID_URL, "pv-a2", pp_yoffset_max="840")
    add_to_cart = {
        "schema": f"{_IGLU}/unstruct_event/jsonschema/1-0-0",
        "data": {
            "schema": f"{_IGLU}/add_to_cart/jsonschema/1-0-0",
            "data": {
                "sku": "SKU-BLUE-SHOES",
                "name": "Blue shoes",
                "unitPrice": 40,
                "quantity": 1,
                "currency": "EUR",
            },
        },
    }
    story.event(
        A,
        2,
        at(DAY1, "10:02:00"),
        "unstruct",
        PAID_URL,
        "pv-a2",
        unstruct_event=json.dumps(add_to_cart),
        event_name="add_to_cart",
    )
    story.event(A, 2, at(DAY1, "10:04:00"), "page_view", checkout, "pv-a3", PAID_URL)
    story.event(
        A,
        2,
        at(DAY1, "10:04:30"),
        "struct",
        checkout,
        "pv-a3",
        se_category="checkout",
        se_action="begin_checkout",
        event_name="event",
        event_vendor="com.google.analytics",
    )
    story.event(
        A,
        2,
        at(DAY1, "10:08:00"),
        "transaction",
        checkout,
        "pv-a3",
        tr_orderid=ORDER,
        tr_total="40.00",
        tr_tax="0.00",
        tr_shipping="0.00",
        tr_currency="EUR",
        event_name="transaction",
    )
    # B (day 1 14:00): Google organic, then a product page.
    story.event(B, 1, at(DAY1, "14:00:00"), "page_view", home, "pv-b1", "https://www.google.com/")
    story.event(B, 1, at(DAY1, "14:03:00"), "page_view", red_hat, "pv-b2", home)
    # A, session 3 (day 2 09:00): direct, two pings, then a product page.
    story.event(A, 3, at(DAY2, "09:00:00"), "page_view", home, "pv-a4")
    for clock in ("09:00:05", "09:00:15"):
        story.event(A, 3, at(DAY2, clock), "page_ping", home, "pv-a4")
    story.event(A, 3, at(DAY2, "09:01:00"), "page_view", red_hat, "pv-a5", home)
    # C (day 2 11:00): direct, the home page then pricing.
    story.event(C, 1, at(DAY2, "11:00:00"), "page_view", home, "pv-c1")
    story.event(C, 1, at(DAY2, "11:02:00"), "page_view", f"{SHOP}/pricing", "pv-c2", home)
    return story


def write(landing: Path, folder: str = "snowplow") -> list[dict]:
    """Land the enriched TSV files under ``landing/folder``; return the contract equivalent."""
    story = _story()
    for day, lines in story.lines.items():
        folder_path = day_folder(landing, folder, DAY1 if day == "2026-10-01" else DAY2)
        (folder_path / f"enriched-{day}.tsv").write_text("\n".join(lines) + "\n")
    return story.contract


# Hand-computed, by our rules (the domain_sessionids agree with them here).
EXPECTED = {
    # A 08:30, A 10:00 (90 min later), B 14:00 on day 1; A 09:00, C 11:00 on day 2.
    "sessions": {DAY1: 3, DAY2: 2},
    "sessions_by_collector": 5,
    # view_product: A 10:00 (/p/blue-shoes), B 14:03, A day 2 09:01 = 3; /pricing: C = 1;
    # add_to_cart (self-describing), begin_checkout (structured se_action), purchase (legacy
    # transaction, tr_total 40.00): 1 each.
    "goal_hits": {
        "view_product": 3,
        "add_to_cart": 1,
        "begin_checkout": 1,
        "purchase": 1,
        "view_pricing": 1,
    },
    "purchase_value": 40.0,
    # A reaches the 4 steps, B step 1: 2, 1, 1, 1.
    "funnel_steps": {1: 2, 2: 1, 3: 1, 4: 1},
    # touches Referral (08:30) and Paid Social (facebook / paid_social); last touch Paid Social.
    "last_touch": {"Paid Social": (1.0, 40.0)},
    # Engaged time per page view = 10 x (distinct 10-second buckets of the pings - 1) + 5.
    # pv-a2: pings 10:00:05, :15, :19, :31 -> buckets 0, 1, 1, 3 -> 3 distinct -> 10 x 2 + 5
    # = 25 s; pv-a3 (no pings) 0 -> paid session 25 s. pv-a4: 09:00:05, :15 -> buckets 0, 1
    # -> 10 x 1 + 5 = 15 s; pv-a5 0 -> A's day-2 session 15 s.
    "engagement_seconds": {(A, at(DAY1, "10:00:00")): 25.0, (A, at(DAY2, "09:00:00")): 15.0},
    # events as written: day 1 = A 1 + (1 + 4 + 1 + 1 + 1 + 1), B 2 = 12; day 2 = A 4, C 2 = 6.
    "rows_in_files": {DAY1: 12, DAY2: 6},
    "quarantined": {},
}
