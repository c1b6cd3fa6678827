"""Synthetic raw web-analytics events for the Conversion Warehouse landing zone.

The generator simulates a believable e-commerce site (``www.example-shop.com``): persons with one
or two devices visit the shop through a realistic traffic mix (organic and paid search, shopping,
social, email, referral, display, affiliates, video, direct), browse, sign in, add to cart and
buy. Conversion propensity depends on channel and device so that attribution has something to
find. On top of the clean behaviour it injects the imperfections a warehouse has to catch: bots
and scrapers, redelivered duplicates, purchase re-fires, late and too-late events, malformed
rows and one instrumentation gap.

Output layout (Hive-partitioned by the UTC day the collector *received* the rows)::

    <out_dir>/events/received_date=YYYY-MM-DD/part-<event day YYYYMMDD>-NNNN.parquet
    <out_dir>/events/received_date=YYYY-MM-DD/malformed.jsonl       (that day's malformed rows)
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
"""

from __future__ import annotations

import argparse
import base64
import csv
import gc
import json
import logging
import multiprocessing as mp
import os
import queue as queue_module
import random
import shutil
import sys
import time
import traceback
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm import tqdm

logger = logging.getLogger(__name__)

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
CAPTURE_GAP_DAYS = (20, 21, 22)

_SEC = 1_000_000
_MIN = 60 * _SEC
_HOUR = 60 * _MIN
_DAY = 24 * _HOUR
_EPOCH = date(1970, 1, 1)
_RETURN_WINDOW_DAYS = 14
_MAX_RECEIVE_LAG_DAYS = 6

# Rates (per event unless noted).
_P_DUPLICATE = 0.005
_P_MALFORMED = 0.0012
_P_LATE_MOBILE_VISIT = 0.045
_P_TOO_LATE_MOBILE_VISIT = 0.0033
_P_PAUSE = 0.03
_P_REFIRE = 0.03
_BOT_VISIT_SHARE = 0.02
_LEGACY_ROWS_PER_DAY = 36
_EVENTS_PER_VISIT_GUESS = 4.4
_VISITS_PER_PERSON = 2.05  # calibrated: mean visits a new person makes within the window

# Row flags (helper column, never written).
_F_LANDING = 1
_F_BOT = 2
_F_SCRAPER = 4
_F_LATE = 8
_F_TOO_LATE = 16
_F_REFIRE = 32
_F_DUP = 64
_F_PURCHASE = 128

# --------------------------------------------------------------------------------------------
# Site catalogue
# --------------------------------------------------------------------------------------------

(
    K_HOME,
    K_CAT,
    K_PROD,
    K_BLOG,
    K_SEARCH,
    K_PRICING,
    K_CART,
    K_CHECKOUT,
    K_THANKS,
    K_SIGNUP,
    K_LOGIN,
    K_DEMO,
) = range(12)

EVENT_NAMES: tuple[str, ...] = (
    "page_view",
    "newsletter_signup",
    "video_play",
    "add_to_cart",
    "account_created",
    "login",
    "file_download",
    "site_search",
    "wishlist_add",
    "begin_checkout",
    "purchase",
    "demo_request",
)
(
    E_PAGE_VIEW,
    E_NEWSLETTER,
    E_VIDEO,
    E_ADD_TO_CART,
    E_ACCOUNT_CREATED,
    E_LOGIN,
    E_FILE_DOWNLOAD,
    E_SITE_SEARCH,
    E_WISHLIST,
    E_BEGIN_CHECKOUT,
    E_PURCHASE,
    E_DEMO_REQUEST,
) = range(12)
_MALFORMABLE = frozenset(
    {E_PAGE_VIEW, E_NEWSLETTER, E_VIDEO, E_FILE_DOWNLOAD, E_SITE_SEARCH, E_WISHLIST}
)

_CATEGORIES = (
    ("running-shoes", "Running Shoes"),
    ("trail-running", "Trail Running Shoes"),
    ("hiking-boots", "Hiking Boots"),
    ("sneakers", "Sneakers"),
    ("sandals", "Sandals"),
    ("kids", "Kids' Shoes"),
    ("socks", "Running Socks"),
    ("accessories", "Accessories"),
    ("sale", "Sale"),
)
_MODELS = (
    ("aero-runner-3", "Aero Runner 3", 129.95),
    ("cloud-glide", "Cloud Glide", 149.95),
    ("tempo-racer", "Tempo Racer", 169.95),
    ("trail-blazer-gtx", "Trail Blazer GTX", 159.95),
    ("ridge-runner", "Ridge Runner", 139.95),
    ("summit-pro", "Summit Pro Boot", 189.95),
    ("peak-hiker-mid", "Peak Hiker Mid", 164.95),
    ("urban-flex", "Urban Flex", 89.95),
    ("street-classic", "Street Classic", 79.95),
    ("breeze-sandal", "Breeze Sandal", 49.95),
    ("kids-sprinter", "Kids Sprinter", 54.95),
    ("merino-run-socks", "Merino Run Socks", 17.95),
    ("comfort-insole", "Comfort Insole", 29.95),
)
_COLOURS = ("black", "blue", "grey")
_BLOG_POSTS = (
    ("how-to-choose-running-shoes", "How to choose running shoes"),
    ("marathon-training-plan", "A 16-week marathon training plan"),
    ("trail-running-for-beginners", "Trail running for beginners"),
    ("best-hiking-boots-2026", "The best hiking boots of 2026"),
    ("shoe-size-guide", "Shoe size guide"),
    ("how-long-do-running-shoes-last", "How long do running shoes last?"),
    ("pronation-explained", "Pronation explained"),
    ("winter-running-tips", "Winter running tips"),
    ("caring-for-leather-boots", "Caring for leather boots"),
    ("sustainable-sneakers", "Our sustainable sneakers"),
)
_SEARCH_TERMS = (
    "running shoes",
    "trail",
    "gore-tex",
    "waterproof boots",
    "size 44",
    "kids shoes",
    "sale",
    "merino socks",
    "sandals women",
    "cloud glide",
)
_FILES = ("size-guide.pdf", "care-guide.pdf", "catalogue-2026.pdf", "team-price-list.pdf")


def _build_catalogue() -> dict[str, Any]:
    """Build the static page catalogue (urls, titles, kinds, product data, property strings)."""
    urls: list[str] = []
    refs: list[str] = []
    titles: list[str] = []
    kinds: list[int] = []
    product_of: list[int] = []
    groups: dict[int, list[int]] = {k: [] for k in range(12)}

    def add(path: str, title: str, kind: int, product: int = -1, query: str = "") -> int:
        urls.append(BASE_URL + path + query)
        refs.append(BASE_URL + path)
        titles.append(title)
        kinds.append(kind)
        product_of.append(product)
        groups[kind].append(len(urls) - 1)
        return len(urls) - 1

    add("/", "Example Shop - Shoes for Running, Trail & Everyday", K_HOME)
    for slug, name in _CATEGORIES:
        add(f"/c/{slug}", f"{name} | Example Shop", K_CAT)
    products: list[tuple[str, str, float]] = []
    for model_slug, model_name, price in _MODELS:
        for colour in _COLOURS:
            pid = f"SKU-{10001 + len(products)}"
            products.append((pid, f"{model_name} {colour.title()}", price))
            add(
                f"/p/{model_slug}-{colour}",
                f"{model_name} - {colour.title()} | Example Shop",
                K_PROD,
                len(products) - 1,
            )
    for slug, title in _BLOG_POSTS:
        add(f"/blog/{slug}", f"{title} | Example Shop Blog", K_BLOG)
    for term in _SEARCH_TERMS:
        add("/search", f"Search results for '{term}' | Example Shop", K_SEARCH, -1, "?q=")
        urls[-1] = f"{BASE_URL}/search?q={quote_plus(term)}"
    add("/pricing", "Pricing & Team Orders | Example Shop", K_PRICING)
    add("/cart", "Your cart | Example Shop", K_CART)
    add("/checkout", "Checkout | Example Shop", K_CHECKOUT)
    add("/checkout/thank-you", "Thank you for your order | Example Shop", K_THANKS)
    add("/account/signup", "Create your account | Example Shop", K_SIGNUP)
    add("/account/login", "Log in | Example Shop", K_LOGIN)
    add("/demo", "Book a team-order demo | Example Shop", K_DEMO)

    def js(obj: dict[str, Any]) -> str:
        return json.dumps(obj, separators=(",", ":"))

    add_to_cart = [
        f'{{"product_id":"{pid}","value":{price:.2f},"currency":"EUR","quantity":1}}'
        for pid, _, price in products
    ]
    wishlist = [js({"product_id": pid}) for pid, _, _ in products]
    video = [
        [js({"video_title": f"{name} - product video", "video_percent": p}) for p in _VIDEO_PCTS]
        for _, name, _ in products
    ]
    blog_video = [
        js({"video_title": "Running form explained", "video_percent": p}) for p in _VIDEO_PCTS
    ]
    return {
        "urls": urls,
        "refs": refs,
        "titles": titles,
        "kinds": kinds,
        "product_of": product_of,
        "groups": {k: tuple(v) for k, v in groups.items()},
        "products": products,
        "add_to_cart": add_to_cart,
        "wishlist": wishlist,
        "video": video,
        "blog_video": blog_video,
        "search": [js({"search_term": term}) for term in _SEARCH_TERMS],
        "files": [js({"file_name": f}) for f in _FILES],
    }


_VIDEO_PCTS = (10, 25, 50, 75, 100)
_CAT = _build_catalogue()
_PAGE_KIND: list[int] = _CAT["kinds"]
_PRODUCT_OF: list[int] = _CAT["product_of"]
_GROUPS: dict[int, tuple[int, ...]] = _CAT["groups"]
_PRODUCTS: list[tuple[str, str, float]] = _CAT["products"]
_P_HOME = _GROUPS[K_HOME][0]
_P_PRICING = _GROUPS[K_PRICING][0]
_P_CART = _GROUPS[K_CART][0]
_P_CHECKOUT = _GROUPS[K_CHECKOUT][0]
_P_THANKS = _GROUPS[K_THANKS][0]
_P_SIGNUP = _GROUPS[K_SIGNUP][0]
_P_LOGIN = _GROUPS[K_LOGIN][0]
_P_DEMO = _GROUPS[K_DEMO][0]
_SEARCH_PAGE0 = _GROUPS[K_SEARCH][0]
_CAT_URL = pa.array(_CAT["urls"], pa.string())
_CAT_REF = pa.array(_CAT["refs"], pa.string())
_CAT_TITLE = pa.array(_CAT["titles"], pa.string())
_NAME_ARR = pa.array(EVENT_NAMES, pa.string())
_BROWSABLE = _GROUPS[K_HOME] + _GROUPS[K_CAT] + _GROUPS[K_PROD] + _GROUPS[K_BLOG]

# Next-page transitions while browsing: kind -> ((weight, next kind), ...).
_TRANSITIONS: dict[int, tuple[tuple[float, int], ...]] = {
    K_HOME: ((45, K_CAT), (22, K_PROD), (12, K_SEARCH), (10, K_BLOG), (4, K_PRICING), (7, K_HOME)),
    K_CAT: ((62, K_PROD), (14, K_CAT), (8, K_SEARCH), (9, K_HOME), (4, K_BLOG), (3, K_PRICING)),
    K_PROD: ((42, K_PROD), (30, K_CAT), (8, K_SEARCH), (10, K_HOME), (6, K_BLOG), (4, K_PRICING)),
    K_BLOG: ((25, K_BLOG), (35, K_PROD), (20, K_CAT), (15, K_HOME), (5, K_PRICING)),
    K_SEARCH: ((70, K_PROD), (10, K_SEARCH), (15, K_CAT), (5, K_HOME)),
    K_PRICING: ((30, K_CAT), (30, K_PROD), (30, K_HOME), (10, K_BLOG)),
}
_DEFAULT_TRANSITION = ((30, K_HOME), (40, K_PROD), (30, K_CAT))


def _cdf(weights: Sequence[float]) -> list[float]:
    total = float(sum(weights))
    out = [w / total for w in accumulate(weights)]
    out[-1] = 1.0 + 1e-9
    return out


_NEXT: list[tuple[list[float], tuple[int, ...]]] = []
for _k in range(12):
    _t = _TRANSITIONS.get(_k, _DEFAULT_TRANSITION)
    _NEXT.append((_cdf([w for w, _ in _t]), tuple(k for _, k in _t)))

# Pages per visit when it is not a bounce: 2..15, skewed to short visits.
_NPAGES_CDF = _cdf([22, 18, 14, 11, 9, 7, 5, 4, 3, 2.5, 1.8, 1.3, 1.0, 0.8])

# Visit start hour (UTC) weights: a European shop.
_HOUR_CDF = _cdf(
    [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 4, 4.2, 4.5]
    + [5, 4.8, 4.5, 4.4, 4.6, 5, 5.6, 6.2, 6.5, 5.8, 4, 2]
)
_WEEKDAY_FACTOR = (1.02, 1.0, 0.98, 0.97, 0.95, 0.9, 1.08)

# --------------------------------------------------------------------------------------------
# Devices, user agents, countries, IPs
# --------------------------------------------------------------------------------------------

DESKTOP, MOBILE, TABLET = 0, 1, 2
DEVICE_NAMES = ("desktop", "mobile", "tablet")
_DEVICE_BUY = (1.0, 0.42, 0.7)
_BUY_SCALE = 0.65  # overall conversion rate ~2.3% of visits
_DEVICE_BOUNCE = (0.9, 1.15, 1.0)
_USER_AGENTS: tuple[tuple[str, ...], ...] = (
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/129.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.6 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/129.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/129.0.0.0 Safari/537.36",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/129.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) CriOS/129.0.6668.69 Mobile/15E148 Safari/604.1",
    ),
    (
        "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/129.0.0.0 Safari/537.36",
    ),
)
# (user agent, IPv4 prefix, country)
_BOTS: tuple[tuple[str, str, str], ...] = (
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "66.249", "US"),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "157.55", "US"),
    ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "54.36", "FR"),
    (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/120.0.6099.109 Safari/537.36",
        "34.141",
        "US",
    ),
    ("python-requests/2.31.0", "185.220", "DE"),
    ("Mozilla/5.0 (compatible; seo-crawler/1.4; +https://seo-tools.example/crawler)", "5.9", "DE"),
)
_BOT_CDF = _cdf([30, 20, 15, 15, 10, 10])
_COUNTRIES = ("DE", "FR", "GB", "US", "NL", "ES", "IT", "AT", "CH", "BE", "PL", "SE")
_COUNTRY_CDF = _cdf([30, 12, 10, 10, 8, 7, 7, 4, 4, 3, 3, 2])
_IPV4_FIRST: dict[str, tuple[int, ...]] = {
    "DE": (84, 91, 178, 93),
    "FR": (82, 90, 86),
    "GB": (81, 86, 109),
    "US": (73, 98, 24, 174),
    "NL": (77, 145, 83),
    "ES": (88, 83, 79),
    "IT": (79, 93, 151),
    "AT": (80, 178),
    "CH": (85, 178),
    "BE": (81, 109),
    "PL": (83, 89),
    "SE": (78, 94),
}
_IPV6_PREFIX: dict[str, tuple[int, int]] = {
    "DE": (0x2A02, 0x0810),
    "FR": (0x2A01, 0x0CB0),
    "GB": (0x2A00, 0x23C4),
    "US": (0x2600, 0x1700),
    "NL": (0x2001, 0x0DB8),
}

# --------------------------------------------------------------------------------------------
# Channels
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Channel:
    key: str
    acquisition: float  # weight for a person's first visit
    retention: float  # weight for return visits
    buy_p: float  # purchase probability per visit on desktop
    demo_p: float
    bounce_p: float
    landing: tuple[tuple[float, int], ...]  # (weight, page kind)


_L_SEARCH = ((35, K_PROD), (30, K_CAT), (20, K_BLOG), (15, K_HOME))
_L_DIRECT = ((70, K_HOME), (15, K_PROD), (10, K_PRICING), (5, K_CAT))
_L_SOCIAL = ((40, K_BLOG), (30, K_PROD), (30, K_HOME))
_CHANNELS: tuple[_Channel, ...] = (
    # key, acquisition, retention, buy_p, demo_p, bounce_p, landing pages
    _Channel("organic_search", 24, 18, 0.030, 0.005, 0.42, _L_SEARCH),
    _Channel("paid_search", 13, 12, 0.060, 0.003, 0.35, ((45, K_CAT), (30, K_PROD), (25, K_HOME))),
    _Channel("paid_shopping", 5, 3, 0.050, 0.0, 0.45, ((100, K_PROD),)),
    _Channel("paid_social", 8, 5, 0.012, 0.001, 0.62, ((50, K_PROD), (50, K_CAT))),
    _Channel("organic_social", 5, 3, 0.009, 0.004, 0.60, _L_SOCIAL),
    _Channel("email", 2, 16, 0.075, 0.003, 0.30, ((50, K_CAT), (30, K_PROD), (20, K_HOME))),
    _Channel("referral", 6, 3, 0.028, 0.004, 0.45, ((50, K_PROD), (20, K_BLOG), (30, K_HOME))),
    _Channel("display", 5, 6, 0.005, 0.001, 0.70, ((50, K_PROD), (50, K_CAT))),
    _Channel("affiliate", 4, 4, 0.045, 0.0, 0.40, ((60, K_PROD), (40, K_HOME))),
    _Channel("video", 3, 2, 0.010, 0.002, 0.55, ((50, K_PROD), (50, K_HOME))),
    _Channel("paid_video", 1.5, 1, 0.007, 0.001, 0.60, ((60, K_PROD), (40, K_HOME))),
    _Channel("direct", 18, 27, 0.035, 0.006, 0.38, _L_DIRECT),
)  # fmt: skip
(
    CH_ORGANIC_SEARCH,
    CH_PAID_SEARCH,
    CH_SHOPPING,
    CH_PAID_SOCIAL,
    CH_ORGANIC_SOCIAL,
    CH_EMAIL,
    CH_REFERRAL,
    CH_DISPLAY,
    CH_AFFILIATE,
    CH_VIDEO,
    CH_PAID_VIDEO,
    CH_DIRECT,
) = range(len(_CHANNELS))
_ACQ_CDF = _cdf([c.acquisition for c in _CHANNELS])
_RET_CDF = _cdf([c.retention for c in _CHANNELS])
_LANDING: list[tuple[list[float], tuple[int, ...]]] = [
    (_cdf([w for w, _ in c.landing]), tuple(k for _, k in c.landing)) for c in _CHANNELS
]

_SEARCH_ENGINES = (
    (70, "https://www.google.com/"),
    (18, "https://www.bing.com/"),
    (9, "https://duckduckgo.com/"),
    (3, "https://www.ecosia.org/"),
)
_PAID_SEARCH_CAMPAIGNS = (
    # weight, campaign, terms, buy multiplier, landing kind
    (40, "brand_search", ("example shop", "example-shop shoes", "exampleshop"), 1.5, K_HOME),
    (35, "generic_running_shoes", ("running shoes", "best running shoes 2026"), 0.8, K_CAT),
    (15, "generic_trail_shoes", ("trail running shoes", "waterproof trail shoes"), 0.8, K_PROD),
    (10, "competitor_terms", ("cloud running shoes", "trail shoes sale"), 0.6, K_PROD),
)  # fmt: skip
_PAID_SOCIAL_CAMPAIGNS = (
    "autumn_sale_prospecting",
    "retargeting_viewed_products",
    "new_collection_launch",
)
_SOCIAL_CONTENT = ("video_15s", "carousel_a", "carousel_b", "static_lifestyle")
_SOCIAL_REFERRERS = (
    (35, "https://l.facebook.com/"),
    (10, "https://m.facebook.com/"),
    (20, "https://t.co/"),
    (15, "https://www.linkedin.com/"),
    (12, "https://www.instagram.com/"),
    (8, "https://www.reddit.com/"),
)
_EMAIL_CAMPAIGNS = ("weekly_digest", "autumn_sale", "cart_reminder", "new_arrivals")
_EMAIL_CONTENT = ("header_banner", "product_grid", "cta_button", "footer_link")
_REFERRAL_SITES = (
    "https://www.runnersworld.com/gear/a45872/best-running-shoes/",
    "https://www.outdoor-magazin.com/test/trailschuhe/",
    "https://www.theguardian.com/lifeandstyle/running-shoes-review",
    "https://www.spiegel.de/stil/laufschuhe-test",
    "https://trailrunner-blog.de/ausruestung/",
    "https://www.marathonhandbook.com/best-trail-shoes/",
    "https://news.ycombinator.com/",
    "https://www.lemonde.fr/guide-achat/article/chaussures-running.html",
)
_DISPLAY = (
    # weight, source, medium, campaign, referrer
    (40, "criteo", "display", "retargeting_display", None),
    (20, "criteo", "cpm", "prospecting_banner", "https://www.spiegel.de/"),
    (25, "google", "display", "black_week_teaser", "https://googleads.g.doubleclick.net/"),
    (15, "google", "cpm", "prospecting_banner", "https://www.lemonde.fr/"),
)
_AFFILIATE_PUBLISHERS = tuple(f"pub_{100417 + 7919 * k}" for k in range(12))
_AFFILIATES = (
    ("awin", "cashback_partner", "https://www.topcashback.co.uk/"),
    ("awin", "voucher_site", "https://www.mydealz.de/"),
    ("partnerize", "content_partner", "https://www.vouchercodes.co.uk/"),
    ("partnerize", "cashback_partner", "https://www.igraal.com/"),
)
_DISPLAY_CONTENT = ("banner_300x250", "banner_728x90", "skyscraper_160x600")
_SEARCH_CDF = _cdf([w for w, _ in _SEARCH_ENGINES])
_SOCIAL_CDF = _cdf([w for w, _ in _SOCIAL_REFERRERS])
_PAID_SEARCH_CDF = _cdf([c[0] for c in _PAID_SEARCH_CAMPAIGNS])
_DISPLAY_CDF = _cdf([d[0] for d in _DISPLAY])
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# Sample ad spend: (GA4 channel, generator channel, campaign, share of the channel's visits,
# cost per visit in EUR). Display and paid video buy reach, so they cost more per visit.
_SPEND_CAMPAIGNS = (
    ("Paid Search", CH_PAID_SEARCH, "brand_search", 0.40, 0.35),
    ("Paid Search", CH_PAID_SEARCH, "generic_running_shoes", 0.35, 0.90),
    ("Paid Search", CH_PAID_SEARCH, "generic_trail_shoes", 0.15, 1.10),
    ("Paid Search", CH_PAID_SEARCH, "competitor_terms", 0.10, 1.40),
    ("Paid Shopping", CH_SHOPPING, "shopping_feed", 1.0, 0.60),
    ("Paid Social", CH_PAID_SOCIAL, "autumn_sale_prospecting", 1 / 3, 0.80),
    ("Paid Social", CH_PAID_SOCIAL, "retargeting_viewed_products", 1 / 3, 0.80),
    ("Paid Social", CH_PAID_SOCIAL, "new_collection_launch", 1 / 3, 0.80),
    ("Display", CH_DISPLAY, "retargeting_display", 0.40, 1.20),
    ("Display", CH_DISPLAY, "prospecting_banner", 0.35, 1.50),
    ("Display", CH_DISPLAY, "black_week_teaser", 0.25, 1.50),
    ("Paid Video", CH_PAID_VIDEO, "brand_video_autumn", 1.0, 1.80),
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


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


def write_sample_spend(out_dir: Path, config: GeneratorConfig, day: date) -> Path:
    """Write the sample ad spend of one day to ``<out_dir>/spend/<day>.csv`` and return its path.

    One row per paid campaign (columns spend_date, channel, campaign, spend): the campaign's
    expected visits that day times a cost per visit, with +-15% day-to-day noise drawn from
    ``(seed, day)``, so reruns write the same file.
    """
    weights = [c.acquisition + c.retention for c in _CHANNELS]
    total = sum(weights)
    rng = _rng(config.seed, "spend", day)
    folder = Path(out_dir) / SPEND_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day.isoformat()}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["spend_date", "channel", "campaign", "spend"])
        for channel, index, campaign, share, cost in _SPEND_CAMPAIGNS:
            visits = config.visitors_per_day * weights[index] / total * share
            spend = visits * cost * rng.uniform(0.85, 1.15)
            writer.writerow([day.isoformat(), channel, campaign, f"{spend:.2f}"])
    return path


def received_day_dir(out_dir: Path, received_date: date) -> Path:
    """Folder of one received day: ``<out_dir>/events/received_date=YYYY-MM-DD``."""
    return Path(out_dir) / EVENTS_DIR / f"received_date={received_date.isoformat()}"


def generate_landing(
    out_dir: Path,
    config: GeneratorConfig,
    received_dates: Iterable[date] | None = None,
    progress: bool = False,
    workers: int | None = None,
) -> GenerationSummary:
    """Write the landing files for the received days of ``config`` (or only ``received_dates``).

    Each written ``received_date=`` folder is removed first, so reruns are idempotent. Rows of a
    received day are identical whether it is written alone or in a full run, and whatever the
    number of ``workers`` (processes simulating event days in parallel; ``None`` = automatic,
    one process for small runs). Returns the row accounting of the run.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    if received_dates is None:
        wanted = _date_range(config.start_date, config.end_date)
    else:
        wanted = sorted(set(received_dates))
        outside = [d for d in wanted if not config.start_date <= d <= config.end_date]
        if outside:
            raise ValueError(f"received dates outside the window: {outside}")
    summary = GenerationSummary(
        start_date=config.start_date,
        end_date=config.end_date,
        seed=config.seed,
        visitors_per_day=config.visitors_per_day,
        capture_gap_days=config.capture_gap_days,
    )
    if not wanted:
        return summary
    lag = timedelta(days=_MAX_RECEIVE_LAG_DAYS)
    event_days = sorted(
        {day for d in wanted for day in _date_range(max(config.start_date, d - lag), d)}
    )
    for d in wanted:
        folder = received_day_dir(out_dir, d)
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        write_sample_spend(out_dir, config, d)
    n_workers = _choose_workers(workers, config, event_days)
    logger.info(
        "generating %d received day(s) from %d event day(s) into %s (%d process(es))",
        len(wanted),
        len(event_days),
        out_dir,
        n_workers,
    )
    collector = _Collector(out_dir, wanted, progress)
    try:
        if n_workers <= 1:
            sim = _Simulator(config, out_dir, {_ordinal(d) for d in wanted}, collector.handle)
            _simulate_days(sim, event_days)
        else:
            _run_workers(config, out_dir, wanted, event_days, n_workers, collector)
    finally:
        collector.bar.close()
    summary.days = collector.finish()
    summary.elapsed_seconds = time.perf_counter() - started
    total = summary.total
    logger.info(
        "wrote %d rows (%d good, %d duplicates, %d too late, %d malformed) in %.1fs",
        total.rows_written,
        total.good_events,
        total.duplicate_rows,
        total.too_late_events,
        total.malformed_total,
        summary.elapsed_seconds,
    )
    return summary


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _date_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _ordinal(d: date) -> int:
    return (d - _EPOCH).days


def _format_us(us: int) -> str:
    return (datetime(1970, 1, 1) + timedelta(microseconds=us)).strftime("%Y-%m-%d %H:%M:%S.%f")


def _rng(seed: int, purpose: str, day: date) -> random.Random:
    return random.Random(f"{seed}|{purpose}|{day.isoformat()}")


_UUID_DASHES = np.array([8, 13, 18, 23])
_UUID_DIGITS = np.array([i for i in range(36) if i not in (8, 13, 18, 23)])
_UUID_VARIANTS = np.frombuffer(b"89ab", np.uint8)


def _uuid_array(bits: list[int]) -> pa.Array:
    """Format 128-bit ints as version-4 UUID strings, vectorised per batch.

    The 32 hex digits of the int, with digit 12 replaced by the version ``4`` and digit 16 by
    the variant ``89ab[bits & 3]``, split 8-4-4-4-12 by dashes (the per-id f-string this
    replaces cost ~0.9 us an id, ~3% of the generator's time).
    """
    n = len(bits)
    raw = b"".join([x.to_bytes(16, "big") for x in bits])
    digits = np.frombuffer(raw.hex().encode(), np.uint8).reshape(n, 32).copy()
    digits[:, 12] = ord("4")
    digits[:, 16] = _UUID_VARIANTS[np.frombuffer(raw, np.uint8)[15::16] & 3]
    text = np.empty((n, 36), np.uint8)
    text[:, _UUID_DASHES] = ord("-")
    text[:, _UUID_DIGITS] = digits
    return _fixed_width_strings(text.tobytes(), n, 36)


def _fmt_ipv6(country: str, bits: int) -> str | None:
    """The IPv6 address of 96 random bits of ``country``, or None where the visit uses IPv4.

    About 30% of the visits from a country with an IPv6 prefix use one; the others (and every
    other country) get the IPv4 address that :func:`_ipv4_array` formats per batch.
    """
    prefix = _IPV6_PREFIX.get(country)
    if prefix is None or (bits & 1023) >= 307:
        return None
    g1, g2, g3 = (bits >> 16) & 0xFFFF, (bits >> 32) & 0xFFFF, (bits >> 48) & 0xFFFF
    g4 = (bits >> 64) & 0xFFFF
    if ((bits >> 10) & 63) < 22:  # fully written out
        return f"{prefix[0]:04x}:{prefix[1]:04x}:{g1:04x}:0000:0000:{g2:04x}:{g3:04x}:{g4:04x}"
    return f"{prefix[0]:x}:{prefix[1]:x}:{g1:x}::{g2:x}:{g3:x}:{g4:x}"


# first octets of each country's IPv4 addresses, by country index (rows padded to four with
# their first octet, which is never picked: the pick is modulo the country's count)
_IPV4_FIRST_COUNT = np.array([len(_IPV4_FIRST[c]) for c in _COUNTRIES], np.uint64)
_IPV4_FIRST_TABLE = np.array(
    [[*_IPV4_FIRST[c], *(_IPV4_FIRST[c][:1] * (4 - len(_IPV4_FIRST[c])))] for c in _COUNTRIES]
)


def _ipv4_array(bits: list[int], country_ix: list[int]) -> pa.Array:
    """IPv4 addresses of 96 random bits each, vectorised per batch.

    ``first.(bits >> 24 & 255).(bits >> 32 & 255).(1 + (bits >> 40) % 254)``, where ``first`` is
    entry ``(bits >> 16) % k`` of the country's ``k`` first octets (the per-visit f-string this
    replaces cost ~0.8 us a visit). Bytes are little-endian: byte ``i`` is
    ``bits >> 8 * i & 255``.
    """
    n = len(bits)
    raw = np.frombuffer(b"".join([x.to_bytes(12, "little") for x in bits]), np.uint8)
    octets = raw.reshape(n, 12).astype(np.uint64)
    country = np.array(country_ix, np.intp)
    count = _IPV4_FIRST_COUNT[country]
    # (bits >> 16) % count by Horner's rule over bytes 11..2, most significant first
    pick = np.zeros(n, np.uint64)
    for i in range(11, 1, -1):
        pick = (pick * 256 + octets[:, i]) % count
    high = np.zeros(n, np.uint64)  # bits >> 40: bytes 11..5
    for i in range(11, 4, -1):
        high = high * 256 + octets[:, i]
    parts = [
        _IPV4_FIRST_TABLE[country, pick.astype(np.intp)],
        octets[:, 3],
        octets[:, 4],
        1 + high % 254,
    ]
    return pc.binary_join_element_wise(*[pa.array(p).cast(pa.string()) for p in parts], ".")


def _click_id(rng: random.Random, kind: str) -> str:
    if kind == "msclkid":
        return f"{rng.getrandbits(128):032x}"
    raw = base64.urlsafe_b64encode(rng.randbytes(36)).decode("ascii").rstrip("=")
    return ("Cj0KCQjw" if kind == "gclid" else "IwAR") + raw


def _fixed_width_strings(text: bytes, n: int, width: int) -> pa.Array:
    """``n`` strings of ``width`` ASCII characters each, laid end to end in ``text``."""
    offsets = pa.py_buffer(np.arange(0, width * (n + 1), width, dtype=np.int32).tobytes())
    return pa.Array.from_buffers(pa.string(), n, [None, offsets, pa.py_buffer(text)])


def _hex_ids(raw: bytes, n: int) -> pa.Array:
    """Build ``n`` 32-char hex ids from ``16 * n`` random bytes (no Python loop)."""
    return _fixed_width_strings(raw.hex().encode(), n, 32)


def _ip_array(b: _Batch) -> pa.Array:
    """The ip address of each visit of a batch: IPv4 vectorised, IPv6 and bots' as written."""
    ips = _ipv4_array(b.ip, b.country)
    if not b.ip_text:
        return ips
    rows = sorted(b.ip_text)
    mask = np.zeros(len(b.ip), np.bool_)
    mask[rows] = True
    return pc.replace_with_mask(ips, pa.array(mask), pa.array([b.ip_text[r] for r in rows]))


def _count_flags(flags: pa.Array, bit: int) -> int:
    total = pc.sum(pc.bit_wise_and(flags, bit)).as_py()
    return (total or 0) // bit


def _drop(row: dict[str, Any], key: str, x: float) -> None:
    """Remove ``key`` from a malformed row: as an absent key or as an explicit null."""
    if x < 0.5:
        del row[key]
    else:
        row[key] = None


# --------------------------------------------------------------------------------------------
# Parallel runs and result collection
# --------------------------------------------------------------------------------------------

# A simulator reports ("progress", rows), ("result", event ordinal, {received ordinal:
# (DaySummary, malformed rows, legacy rows)}) and, in a child process, ("done", None) or
# ("error", traceback text).
_Report = Callable[[Any], None]


def _choose_workers(workers: int | None, config: GeneratorConfig, event_days: list[date]) -> int:
    if workers is None:
        expected_events = config.visitors_per_day * _EVENTS_PER_VISIT_GUESS * len(event_days)
        if expected_events < 150_000 or "fork" not in mp.get_all_start_methods():
            return 1
        workers = min(os.cpu_count() or 1, 8)
    return max(1, min(workers, len(event_days) // 2 or 1))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while simulating (restored afterwards).

    The simulation keeps millions of tuples alive for days (the rosters of returning persons)
    and makes no reference cycles: a full collection after a 1 million event run finds 6
    unreachable objects. The collector's repeated passes over the live tuples were pure cost,
    4-5% of a worker's time at 1 and 10 million events (measured with ``gc.callbacks``);
    reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _simulate_days(sim: _Simulator, days: list[date]) -> None:
    with _gc_paused():
        try:
            for day in days:
                sim.simulate_day(day)
        finally:
            sim.close()


def _worker_main(
    config: GeneratorConfig, out_dir: Path, wanted: set[int], days: list[date], queue: Any
) -> None:
    """Simulate a contiguous block of event days in a child process."""
    try:
        _simulate_days(_Simulator(config, out_dir, wanted, queue.put), days)
        queue.put(("done", None))
    except BaseException:  # report everything to the parent, which raises
        queue.put(("error", traceback.format_exc()))


def _run_workers(
    config: GeneratorConfig,
    out_dir: Path,
    wanted: list[date],
    event_days: list[date],
    n_workers: int,
    collector: _Collector,
) -> None:
    """Simulate contiguous blocks of event days in ``n_workers`` child processes."""
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    queue = ctx.Queue()
    size, extra = divmod(len(event_days), n_workers)
    blocks, start = [], 0
    for w in range(n_workers):
        stop = start + size + (1 if w < extra else 0)
        blocks.append(event_days[start:stop])
        start = stop
    wanted_ordinals = {_ordinal(d) for d in wanted}
    procs = [
        ctx.Process(
            target=_worker_main,
            args=(config, out_dir, wanted_ordinals, block, queue),
            daemon=True,
        )
        for block in blocks
    ]
    for proc in procs:
        proc.start()
    done = 0
    try:
        while done < len(procs):
            try:
                message = queue.get(timeout=1.0)
            except queue_module.Empty:
                dead = [p for p in procs if p.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"worker exited with code {dead[0].exitcode}") from None
                continue
            if message[0] == "done":
                done += 1
            elif message[0] == "error":
                raise RuntimeError(f"worker failed:\n{message[1]}")
            else:
                collector.handle(message)
    finally:
        for proc in procs:
            if proc.is_alive() and done < len(procs):
                proc.terminate()
            proc.join()


class _Collector:
    """Receives simulator messages, shows progress and writes the per-day jsonl/csv files."""

    def __init__(self, out_dir: Path, wanted: list[date], progress: bool) -> None:
        self.out_dir = out_dir
        self.wanted = wanted
        self.bar = tqdm(unit="ev", unit_scale=True, disable=not progress, desc="events")
        self.results: dict[int, list[tuple[int, DaySummary, list[Any], list[Any]]]] = {
            _ordinal(d): [] for d in wanted
        }

    def handle(self, message: Any) -> None:
        """Process one message of a simulator."""
        if message[0] == "progress":
            self.bar.update(message[1])
        elif message[0] == "result":
            _, event_ordinal, per_day = message
            for received, (day_summary, malformed, legacy) in per_day.items():
                self.results[received].append((event_ordinal, day_summary, malformed, legacy))

    def finish(self) -> dict[date, DaySummary]:
        """Sum the summaries and write ``malformed.jsonl``/``legacy_collector.csv`` per day."""
        out: dict[date, DaySummary] = {}
        for d in self.wanted:
            parts = sorted(self.results[_ordinal(d)], key=itemgetter(0))
            day_summary = DaySummary()
            malformed: list[dict[str, Any]] = []
            legacy: list[dict[str, Any]] = []
            for _, part_summary, part_malformed, part_legacy in parts:
                day_summary.add(part_summary)
                malformed.extend(part_malformed)
                legacy.extend(part_legacy)
            folder = received_day_dir(self.out_dir, d)
            folder.mkdir(parents=True, exist_ok=True)
            if day_summary.parquet_files == 0:
                pq.write_table(SCHEMA.empty_table(), folder / "part-empty.parquet")
                day_summary.parquet_files = 1
            with open(folder / MALFORMED_FILE, "w", encoding="utf-8") as fh:
                for row in malformed:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            with open(folder / LEGACY_FILE, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(COLUMNS)
                for row in legacy:
                    writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
            out[d] = day_summary
        return out


# --------------------------------------------------------------------------------------------
# Output of one event day into one received day
# --------------------------------------------------------------------------------------------


class _Sink:
    """Rows of one event day received on one day: parquet parts plus jsonl/csv rows."""

    def __init__(self, sim: _Simulator, folder: Path, prefix: str) -> None:
        self.sim = sim
        self.folder = folder
        self.prefix = prefix
        self.summary = DaySummary()
        self.tables: list[pa.Table] = []
        self.buffered = 0
        self.malformed: list[dict[str, Any]] = []
        self.legacy: list[dict[str, Any]] = []

    def add_table(self, table: pa.Table) -> None:
        """Count and buffer routed parquet rows, writing a part every ``chunk_rows`` rows."""
        flags = table.column("__flags")
        n = table.num_rows
        s = self.summary
        dups = _count_flags(flags, _F_DUP)
        too_late = _count_flags(flags, _F_TOO_LATE)
        s.parquet_rows += n
        s.rows_written += n
        s.duplicate_rows += dups
        s.too_late_events += too_late
        s.good_events += n - dups - too_late
        s.late_events += _count_flags(flags, _F_LATE)
        s.order_refires += _count_flags(flags, _F_REFIRE)
        s.visits += _count_flags(flags, _F_LANDING)
        s.bot_visits += _count_flags(flags, _F_BOT)
        s.scraper_visits += _count_flags(flags, _F_SCRAPER)
        purchase_mask = pc.equal(
            pc.bit_wise_and(flags, _F_PURCHASE | _F_DUP | _F_TOO_LATE), _F_PURCHASE
        )
        s.purchases += pc.sum(purchase_mask.cast(pa.int64())).as_py() or 0
        self.tables.append(table.select(list(COLUMNS)))
        self.buffered += n
        chunk = self.sim.config.chunk_rows
        while self.buffered >= chunk:
            merged = pa.concat_tables(self.tables)
            self._write(merged.slice(0, chunk))
            rest = merged.slice(chunk)
            self.tables = [rest] if rest.num_rows else []
            self.buffered = rest.num_rows

    def add_malformed(self, row: dict[str, Any], reason: str) -> None:
        """Keep a malformed row for the day's ``malformed.jsonl``."""
        self.malformed.append(row)
        self.summary.malformed_rows[reason] += 1
        self.summary.jsonl_rows += 1
        self.summary.rows_written += 1

    def add_legacy(self, row: dict[str, Any], flags: int) -> None:
        """Keep a good event for the day's ``legacy_collector.csv``."""
        self.legacy.append(row)
        s = self.summary
        s.csv_rows += 1
        s.rows_written += 1
        s.good_events += 1
        s.visits += 1 if flags & _F_LANDING else 0
        s.purchases += 1 if flags & _F_PURCHASE else 0
        s.order_refires += 1 if flags & _F_REFIRE else 0

    def _write(self, table: pa.Table) -> None:
        name = f"{self.prefix}-{self.summary.parquet_files:04d}.parquet"
        self.summary.parquet_files += 1
        self.sim.write_parquet(table, self.folder / name)

    def close(self) -> None:
        """Write the buffered parquet rows."""
        if self.buffered:
            self._write(pa.concat_tables(self.tables))
        self.tables, self.buffered = [], 0


# Dictionary-encode only the low-cardinality columns; statistics only where readers prune.
_DICTIONARY_COLUMNS = [
    c for c in COLUMNS if c not in ("event_id", "event_at", "received_at", "ip_address")
]


def _write_parquet_file(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(
        table.cast(SCHEMA),
        tmp,
        use_dictionary=_DICTIONARY_COLUMNS,
        write_statistics=["event_name", "event_at", "received_at"],
    )
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# Simulation
# --------------------------------------------------------------------------------------------

# Human visit plan: (start_us, sort key, kind, device, anonymous_id bits, user agent index,
#                    ip bits, country, channel, sign-in event code or 0, signed in at start,
#                    user_id, returning). Bot plans carry the formatted ip.
_VisitPlan = tuple[
    int, tuple[int, int, int], int, int, Any, str, Any, str, int, int, bool, Any, bool
]
_HUMAN, _BOT, _SCRAPER = 0, 1, 2
_BATCH_VISITS = 2048
_NO_UTM: tuple[None, None, None, None, None] = (None, None, None, None, None)
_VIDEO_PROPS: list[list[str]] = _CAT["video"]
_WISHLIST_PROPS: list[str] = _CAT["wishlist"]
_ATC_PROPS: list[str] = _CAT["add_to_cart"]
_SEARCH_PROPS: list[str] = _CAT["search"]
_FILE_PROPS: list[str] = _CAT["files"]
_BLOG_VIDEO_PROPS: list[str] = _CAT["blog_video"]
_PAGE_REF: list[str] = _CAT["refs"]
_CAT_REF_ENC = pa.array([None, *_CAT["refs"]], pa.string())  # index = referrer page + 1
_K_NEWSLETTER = E_NEWSLETTER << 8
_K_VIDEO = E_VIDEO << 8
_K_ADD_TO_CART = E_ADD_TO_CART << 8
_K_FILE_DOWNLOAD = E_FILE_DOWNLOAD << 8
_K_SITE_SEARCH = E_SITE_SEARCH << 8
_K_WISHLIST = E_WISHLIST << 8
_K_BEGIN_CHECKOUT = E_BEGIN_CHECKOUT << 8
_K_PURCHASE = E_PURCHASE << 8
_K_DEMO_REQUEST = E_DEMO_REQUEST << 8
_ALL_UAS: list[str] = [ua for uas in _USER_AGENTS for ua in uas] + [bot[0] for bot in _BOTS]
_UA_BASE = (0, len(_USER_AGENTS[0]), len(_USER_AGENTS[0]) + len(_USER_AGENTS[1]))
_UA_BOT_BASE = sum(len(uas) for uas in _USER_AGENTS)
_UA_ARR = pa.array(_ALL_UAS, pa.string())
_DEVICE_ARR = pa.array(DEVICE_NAMES, pa.string())
_COUNTRY_ARR = pa.array(_COUNTRIES, pa.string())
_COUNTRY_IX = {country: k for k, country in enumerate(_COUNTRIES)}


class _Batch:
    """Column buffers of a group of consecutive visits of one event day.

    Per event only two ints are appended: ``keys`` packs page, event code and referrer page
    (``page | code << 8 | (referrer page + 1) << 12``) and ``ts`` is ``event_at`` in microseconds;
    properties and flags are sparse dicts by row. Visit-level columns are taken per event later.
    """

    def __init__(self) -> None:
        self.keys: list[int] = []
        self.ts: list[int] = []
        self.props: dict[int, str] = {}
        self.flags: dict[int, int] = {}
        self.uix: list[int | None] = []
        # per visit
        self.anon: list[int] = []  # 128 random bits, formatted per batch
        self.ua: list[int] = []
        self.device: list[int] = []
        self.ip: list[int] = []  # 96 random bits, IPv4 formatted per batch
        self.ip_text: dict[int, str] = {}  # visit -> IPv6 or a bot's address
        self.country: list[int] = []
        self.user: list[str | None] = []
        self.land_url: list[str | None] = []
        self.ext_ref: list[str | None] = []
        self.utm: list[int] = []
        self.click: list[str | None] = []
        # rare rows
        self.extra: dict[int, int] = {}
        self.dups: list[tuple[int, int]] = []
        self.malformed: list[tuple[int, int, float]] = []
        self.legacy: list[int] = []


class _Simulator:
    """Simulates event days and writes their rows into the wanted received days."""

    def __init__(
        self, config: GeneratorConfig, out_dir: Path, wanted: set[int], report: _Report
    ) -> None:
        self.config = config
        self.out_dir = out_dir
        self.wanted = wanted
        self.report = report
        self.rosters: dict[int, dict[int, list[_VisitPlan]]] = {}
        gap = config.capture_gap_days
        self.gap = (_ordinal(gap[0]) * _DAY, (_ordinal(gap[-1]) + 1) * _DAY) if gap else (0, 0)
        expected_events = config.visitors_per_day * _EVENTS_PER_VISIT_GUESS
        self.p_legacy = min(0.2, _LEGACY_ROWS_PER_DAY / expected_events)
        self.rng = random.Random(0)
        self.mal_counter = 0
        self.digest_campaign = ""
        self.query_cache: dict[tuple[Any, ...], str] = {}
        self.utm_table: list[tuple[str | None, ...]] = [_NO_UTM]
        self.utm_index: dict[tuple[str | None, ...], int] = {_NO_UTM: 0}
        self.writer = ThreadPoolExecutor(max_workers=1)
        self.pending: list[tuple[Future[None], int]] = []

    def write_parquet(self, table: pa.Table, path: Path) -> None:
        """Write a parquet file in a background thread (at most ~2 x chunk_rows rows queued)."""
        for future, _ in self.pending:
            if future.done():
                future.result()  # raise a failed write here
        self.pending = [(f, rows) for f, rows in self.pending if not f.done()]
        while self.pending and sum(rows for _, rows in self.pending) >= 2 * self.config.chunk_rows:
            self.pending.pop(0)[0].result()
        self.pending.append((self.writer.submit(_write_parquet_file, table, path), table.num_rows))

    def close(self) -> None:
        """Wait for the background writes."""
        try:
            for future, _ in self.pending:
                future.result()
        finally:
            self.pending = []
            self.writer.shutdown(wait=True)

    # ---------------------------------------------------------------- rosters (persons, plans)

    def _roster(self, ordinal: int) -> dict[int, list[_VisitPlan]]:
        cached = self.rosters.get(ordinal)
        if cached is None:
            cached = self.rosters[ordinal] = self._make_roster(ordinal)
        return cached

    def _make_roster(self, ordinal: int) -> dict[int, list[_VisitPlan]]:
        """Persons first seen on day ``ordinal`` and all their visits (up to 14 days later).

        Depends only on (seed, day, visitors_per_day), never on the generation window.
        """
        day = _EPOCH + timedelta(days=ordinal)
        rng = _rng(self.config.seed, "roster", day)
        r = rng.random
        bits = rng.getrandbits
        n_new = round(
            self.config.visitors_per_day
            / _VISITS_PER_PERSON
            * _WEEKDAY_FACTOR[day.weekday()]
            * (0.95 + 0.1 * r())
        )
        first = _ordinal(self.config.start_date)
        last = _ordinal(self.config.end_date)
        day0 = ordinal * _DAY
        horizon = day0 + (_RETURN_WINDOW_DAYS + 1) * _DAY
        out: dict[int, list[_VisitPlan]] = {}
        for i in range(n_new):
            country = _COUNTRIES[bisect(_COUNTRY_CDF, r())]
            two = r() < 0.22
            if two:
                cats: tuple[int, ...] = (MOBILE, DESKTOP if r() < 0.85 else TABLET)
            else:
                x = r()
                cats = (DESKTOP if x < 0.53 else MOBILE if x < 0.92 else TABLET,)
            devices = []
            for cat in cats:
                ua = _UA_BASE[cat] + int(r() * len(_USER_AGENTS[cat]))
                devices.append((cat, bits(128), ua, bits(96)))
            x = r()
            existing = x < (0.22 if two else 0.05)
            register = not existing and x < (0.42 if two else 0.075)
            user_id = f"usr_{bits(48):012x}" if existing or register else None
            # visit times: first visit today, returns over the next 14 days
            x = r()
            if two:
                n_ret = 1 + bisect((0.35, 0.65, 0.83, 0.93), x)
            else:
                n_ret = bisect((0.58, 0.78, 0.88, 0.94, 0.97, 0.99), x)
            start = day0 + bisect(_HOUR_CDF, r()) * _HOUR + int(r() * _HOUR)
            if not n_ret:  # fast path: a single visit on a single device (about half of all)
                sign = 0
                if existing:
                    sign = E_LOGIN if r() < 0.6 else 0
                elif register:
                    sign = E_ACCOUNT_CREATED
                channel = bisect(_ACQ_CDF, r())
                if first <= ordinal <= last:  # (the draws above never depend on the window)
                    cat, anon, ua, ip = devices[0]
                    out.setdefault(ordinal, []).append(
                        (
                            start,
                            (ordinal, i, 0),
                            _HUMAN,
                            cat,
                            anon,
                            ua,
                            ip,
                            country,
                            channel,
                            sign,
                            False,
                            user_id if sign else None,
                            False,
                        )
                    )
                continue
            times = [start]
            for _ in range(n_ret):
                if r() < 0.12:
                    times.append(start + 3 * _HOUR + int(r() * 8 * _HOUR))
                else:
                    offset = (1 + int(13 * r() * r())) * _DAY
                    times.append(day0 + offset + bisect(_HOUR_CDF, r()) * _HOUR + int(r() * _HOUR))
            if n_ret:
                times.sort()
                kept = [start]
                for t in times[1:]:
                    if t - kept[-1] >= 3 * _HOUR and t < horizon:
                        kept.append(t)
            else:
                kept = times
            n_visits = len(kept)
            # devices per visit: two-device persons start on the first device (mobile)
            dev_idx = [0] * n_visits
            if two and n_visits > 1:
                for j in range(1, n_visits):
                    if r() < 0.6:
                        dev_idx[j] = 1
                if 1 not in dev_idx:
                    dev_idx[-1] = 1
            # sign-ins
            signin = [0] * n_visits
            if existing:
                seen: set[int] = set()
                for j, dv in enumerate(dev_idx):
                    if dv not in seen:
                        seen.add(dv)
                        if r() < 0.6:
                            signin[j] = E_LOGIN
            elif register:
                first_dev_visits = [j for j, dv in enumerate(dev_idx) if dv == 0]
                j_reg = first_dev_visits[0 if r() < 0.5 else int(r() * len(first_dev_visits))]
                signin[j_reg] = E_ACCOUNT_CREATED
                later_other = [j for j in range(j_reg + 1, n_visits) if dev_idx[j] == 1]
                if later_other and r() < 0.85:
                    signin[later_other[0]] = E_LOGIN
            signed = [False, False]
            prev_channel = -1
            prev_day = -1
            for j in range(n_visits):
                t = kept[j]
                visit_day = t // _DAY
                cdf = _ACQ_CDF if j == 0 else _RET_CDF
                channel = bisect(cdf, r())
                if visit_day == prev_day:  # same-day return: through a different channel
                    while channel == prev_channel:
                        channel = bisect(cdf, r())
                prev_channel, prev_day = channel, visit_day
                dv = dev_idx[j]
                cat, anon, ua, ip = devices[dv]
                if cat == MOBILE and r() < 0.5:
                    ip = bits(96)
                signed_at_start = signed[dv]
                sign = signin[j]
                if sign:
                    signed[dv] = True
                if first <= visit_day <= last:
                    out.setdefault(visit_day, []).append(
                        (
                            t,
                            (ordinal, i, j),
                            _HUMAN,
                            cat,
                            anon,
                            ua,
                            ip,
                            country,
                            channel,
                            0 if signed_at_start else sign,
                            signed_at_start,
                            user_id if (signed_at_start or sign) else None,
                            j > 0,
                        )
                    )
        return out

    # ---------------------------------------------------------------- one event day

    def simulate_day(self, day: date) -> None:
        """Simulate all visits starting on ``day``; write their rows and report the results."""
        ordinal = _ordinal(day)
        for old in [o for o in self.rosters if o < ordinal - _RETURN_WINDOW_DAYS]:
            del self.rosters[old]
        plans: list[_VisitPlan] = []
        for d in range(ordinal - _RETURN_WINDOW_DAYS, ordinal + 1):
            plans.extend(self._roster(d).get(ordinal, ()))
        self.rng = rng = _rng(self.config.seed, "day", day)
        self.mal_counter = int(rng.random() * len(MALFORMED_REASONS))
        iso = day.isocalendar()
        self.digest_campaign = f"weekly_digest_{iso[0]}_w{iso[1]:02d}"
        r = rng.random
        n_bots = round(len(plans) * _BOT_VISIT_SHARE / (1 - _BOT_VISIT_SHARE) * (0.8 + 0.4 * r()))
        n_scrapers = 1 + (r() < 0.4)
        day0 = ordinal * _DAY
        for b in range(n_bots + n_scrapers):
            scraper = b >= n_bots
            if scraper:
                ua = _UA_BASE[DESKTOP]
                prefix, country = "45.134", "NL"
            else:
                k = bisect(_BOT_CDF, r())
                ua = _UA_BOT_BASE + k
                _, prefix, country = _BOTS[k]
            ip = f"{prefix}.{int(r() * 256)}.{1 + int(r() * 254)}"
            plans.append(
                (
                    day0 + int(r() * (_DAY - _HOUR)),
                    (ordinal, -1, b),
                    _SCRAPER if scraper else _BOT,
                    DESKTOP,
                    rng.getrandbits(128),
                    ua,
                    ip,
                    country,
                    CH_DIRECT,
                    0,
                    False,
                    None,
                    False,
                )
            )
        plans.sort(key=itemgetter(0, 1))
        sinks: dict[int, _Sink] = {}
        human = self._human_visit
        bot = self._bot_visit
        for lo in range(0, len(plans), _BATCH_VISITS):
            batch = _Batch()
            for plan in plans[lo : lo + _BATCH_VISITS]:
                if plan[2] == _HUMAN:
                    human(plan, batch)
                else:
                    bot(plan, batch)
            self._finish_batch(batch, sinks, day)
        results = {}
        for received, sink in sinks.items():
            sink.close()
            results[received] = (sink.summary, sink.malformed, sink.legacy)
        self.report(("result", ordinal, results))

    def _sink(self, sinks: dict[int, _Sink], received: int, day: date) -> _Sink | None:
        if received not in self.wanted:
            return None
        sink = sinks.get(received)
        if sink is None:
            folder = received_day_dir(self.out_dir, _EPOCH + timedelta(days=received))
            sink = sinks[received] = _Sink(self, folder, f"part-{day:%Y%m%d}")
        return sink

    # ---------------------------------------------------------------- landing / traffic source

    def _landing(
        self, channel: int, device: int
    ) -> tuple[int, str | None, str | None, int, str | None, float]:
        """Landing page kind, query string, referrer, utm row index, click id, buy multiplier."""
        rng = self.rng
        r = rng.random
        cdf, kinds = _LANDING[channel]
        kind = kinds[bisect(cdf, r())]
        ref: str | None = None
        click: str | None = None
        click_kind = ""
        params: tuple[str | None, ...] = _NO_UTM
        mult = 1.0
        if channel == CH_DIRECT:
            pass
        elif channel == CH_ORGANIC_SEARCH:
            ref = _SEARCH_ENGINES[bisect(_SEARCH_CDF, r())][1]
        elif channel == CH_PAID_SEARCH:
            _, campaign, terms, mult, kind = _PAID_SEARCH_CAMPAIGNS[bisect(_PAID_SEARCH_CDF, r())]
            google = r() < 0.78
            source = "google" if google else "bing"
            ref = "https://www.google.com/" if google else "https://www.bing.com/"
            term = terms[int(r() * len(terms))]
            params = (source, "cpc", campaign, term, f"rsa_{1 + int(r() * 3)}")
            click_kind = "gclid" if google else "msclkid"
        elif channel == CH_SHOPPING:
            params = ("google", "cpc", "shopping_feed", None, None)
            ref = "https://www.google.com/"
            click_kind = "gclid"
        elif channel == CH_PAID_SOCIAL:
            source = "facebook" if r() < 0.65 else "instagram"
            campaign = _PAID_SOCIAL_CAMPAIGNS[int(r() * len(_PAID_SOCIAL_CAMPAIGNS))]
            content = _SOCIAL_CONTENT[int(r() * len(_SOCIAL_CONTENT))]
            params = (source, "paid_social", campaign, None, content)
            if r() < 0.7:
                ref = (
                    "https://l.facebook.com/"
                    if source == "facebook"
                    else "https://l.instagram.com/"
                )
            click_kind = "fbclid"
        elif channel == CH_ORGANIC_SOCIAL:
            ref = _SOCIAL_REFERRERS[bisect(_SOCIAL_CDF, r())][1]
            if ref == "https://t.co/":
                ref += "".join(rng.choices(_ALNUM, k=10))
        elif channel == CH_EMAIL:
            campaign = _EMAIL_CAMPAIGNS[int(r() * len(_EMAIL_CAMPAIGNS))]
            if campaign == "weekly_digest":
                campaign = self.digest_campaign
            content = _EMAIL_CONTENT[int(r() * len(_EMAIL_CONTENT))]
            params = ("newsletter", "email", campaign, None, content)
            x = r()
            if x >= 0.75:
                ref = "https://mail.google.com/" if x < 0.9 else "https://outlook.live.com/"
        elif channel == CH_REFERRAL:
            ref = _REFERRAL_SITES[int(r() * len(_REFERRAL_SITES))]
        elif channel == CH_DISPLAY:
            _, source, medium, campaign, ref = _DISPLAY[bisect(_DISPLAY_CDF, r())]
            content = _DISPLAY_CONTENT[int(r() * len(_DISPLAY_CONTENT))]
            params = (source, medium, campaign, None, content)
            if source == "google" and r() < 0.6:
                click_kind = "gclid"
        elif channel == CH_AFFILIATE:
            source, campaign, ref = _AFFILIATES[int(r() * len(_AFFILIATES))]
            publisher = _AFFILIATE_PUBLISHERS[int(r() * len(_AFFILIATE_PUBLISHERS))]
            params = (source, "affiliate", campaign, None, publisher)
        elif channel == CH_VIDEO:
            ref = "https://m.youtube.com/" if device == MOBILE else "https://www.youtube.com/"
        elif channel == CH_PAID_VIDEO:
            params = ("youtube", "cpv", "brand_video_autumn", None, "instream_20s")
            ref = "https://www.youtube.com/"
            if r() < 0.7:
                click_kind = "gclid"
        query = None
        if params is not _NO_UTM:
            key = (params, click_kind)
            query = self.query_cache.get(key)
            if query is None:
                parts = [
                    f"utm_{name}={quote_plus(value)}"
                    for name, value in zip(_UTM_KEYS, params, strict=True)
                    if value is not None
                ]
                if click_kind:
                    parts.append(f"{click_kind}=")
                query = self.query_cache[key] = "?" + "&".join(parts)
            if click_kind:
                click = _click_id(rng, click_kind)
                query += click
            if r() < 0.5:  # only half of the collectors fill the utm columns
                params = _NO_UTM
        utm = self.utm_index.get(params)
        if utm is None:
            utm = self.utm_index[params] = len(self.utm_table)
            self.utm_table.append(params)
        return kind, query, ref, utm, click, mult

    # ---------------------------------------------------------------- human visit

    def _human_visit(self, plan: _VisitPlan, b: _Batch) -> None:
        rng = self.rng
        r = rng.random
        start, _, _, device, anon, ua, ip, country, channel, signin, signed0, uid, returning = plan
        kind, query, ext_ref, utm, click, mult = self._landing(channel, device)
        ch = _CHANNELS[channel]
        group = _GROUPS[kind]
        page = group[int(r() * len(group))]
        buy_p = ch.buy_p * mult * _DEVICE_BUY[device] * _BUY_SCALE
        if returning:
            buy_p *= 1.4
        if uid is not None:
            buy_p *= 1.3
        buy = r() < buy_p
        demo = r() < ch.demo_p
        if not (buy or demo or signin) and r() < ch.bounce_p * _DEVICE_BOUNCE[device]:
            n_browse = 1
        else:
            n_browse = 2 + bisect(_NPAGES_CDF, r())
            limit = 15 - (5 if buy else 0) - (2 if demo else 0)
            n_browse = max(2 if signin else 1, min(n_browse, limit))
        boost = 1.8 if buy else 1.0
        pause_step = int(r() * n_browse) if r() < _P_PAUSE else -1
        signin_step = -1
        if signin:
            signin_step = 1 if signin == E_LOGIN else 1 + int(r() * (n_browse - 1))
        gap_lo, gap_hi = self.gap
        no_atc = device == MOBILE and gap_hi > start - _DAY and gap_lo < start + _DAY
        keys = b.keys
        ka = keys.append
        tss = b.ts
        ta = tss.append
        props = b.props
        row0 = len(keys)
        b.flags[row0] = _F_LANDING
        t = start
        ka(page)  # landing page view: external referrer (or none), filled per visit
        ta(t)
        kind = _PAGE_KIND[page]
        pref = (page + 1) << 12  # referrer of the events fired on the current page
        user_row = 0 if signed0 else -1
        for step in range(n_browse):
            if step:
                if step == signin_step:
                    nxt = _P_LOGIN if signin == E_LOGIN else _P_SIGNUP
                else:
                    cdf, kinds = _NEXT[kind]
                    group = _GROUPS[kinds[bisect(cdf, r())]]
                    nxt = group[int(r() * len(group))]
                t += 5 * _SEC + int(r() * r() * 175 * _SEC)
                if step == pause_step:
                    t += 31 * _MIN + int(r() * 29 * _MIN)
                pref = (page + 1) << 12
                page = nxt
                ka(page | pref)
                ta(t)
                kind = _PAGE_KIND[page]
            # events fired on this page
            if kind == K_PROD:
                x = r()
                if x < 0.05 * boost:
                    t += 5 * _SEC + int(r() * 40 * _SEC)
                    props[len(keys)] = _VIDEO_PROPS[_PRODUCT_OF[page]][int(r() * 5)]
                    ka(page | _K_VIDEO | pref)
                    ta(t)
                elif x > 1 - 0.035 * boost:
                    t += 5 * _SEC + int(r() * 30 * _SEC)
                    props[len(keys)] = _WISHLIST_PROPS[_PRODUCT_OF[page]]
                    ka(page | _K_WISHLIST | pref)
                    ta(t)
                if not buy and r() < 0.05:  # abandoned cart
                    t += 5 * _SEC + int(r() * 50 * _SEC)
                    if not (no_atc and gap_lo <= t < gap_hi):
                        props[len(keys)] = _ATC_PROPS[_PRODUCT_OF[page]]
                        ka(page | _K_ADD_TO_CART | pref)
                        ta(t)
                    if r() < 0.4:
                        price = _PRODUCTS[_PRODUCT_OF[page]][2]
                        t += 5 * _SEC + int(r() * 40 * _SEC)
                        pref = (page + 1) << 12
                        page, kind = _P_CART, K_CART
                        ka(page | pref)
                        ta(t)
                        if r() < 0.35:
                            t += 5 * _SEC + int(r() * 40 * _SEC)
                            props[len(keys)] = f'{{"value":{price:.2f},"currency":"EUR","items":1}}'
                            ka(page | _K_BEGIN_CHECKOUT | pref)
                            ta(t)
                            t += 5 * _SEC + int(r() * 30 * _SEC)
                            pref = (page + 1) << 12
                            page, kind = _P_CHECKOUT, K_CHECKOUT
                            ka(page | pref)
                            ta(t)
            elif kind == K_CAT:
                pass
            elif kind == K_SEARCH:
                t += 5 * _SEC + int(r() * 10 * _SEC)
                props[len(keys)] = _SEARCH_PROPS[page - _SEARCH_PAGE0]
                ka(page | _K_SITE_SEARCH | pref)
                ta(t)
            elif kind == K_HOME or kind == K_BLOG:
                x = r()
                if x < 0.025 * boost:
                    t += 5 * _SEC + int(r() * 60 * _SEC)
                    props[len(keys)] = _NEWSLETTER_HOME if kind == K_HOME else _NEWSLETTER_BLOG
                    ka(page | _K_NEWSLETTER | pref)
                    ta(t)
                elif kind == K_BLOG and x > 1 - 0.05 * boost:
                    t += 5 * _SEC + int(r() * 60 * _SEC)
                    if r() < 0.5:
                        props[len(keys)] = _FILE_PROPS[int(r() * 3)]
                        ka(page | _K_FILE_DOWNLOAD | pref)
                    else:
                        props[len(keys)] = _BLOG_VIDEO_PROPS[int(r() * 5)]
                        ka(page | _K_VIDEO | pref)
                    ta(t)
            elif kind == K_PRICING:
                if r() < 0.06 * boost:
                    t += 5 * _SEC + int(r() * 60 * _SEC)
                    props[len(keys)] = _FILE_PROPS[3]
                    ka(page | _K_FILE_DOWNLOAD | pref)
                    ta(t)
            elif step == signin_step:  # sign-up or login page
                t += 20 * _SEC + int(r() * 100 * _SEC)
                user_row = len(keys) - row0
                props[len(keys)] = _SIGNIN_PROPS[r() < 0.3]
                ka(page | signin << 8 | pref)
                ta(t)
        if demo:
            if page != _P_PRICING:
                t += 5 * _SEC + int(r() * 60 * _SEC)
                pref = (page + 1) << 12
                page = _P_PRICING
                ka(page | pref)
                ta(t)
            t += 20 * _SEC + int(r() * 120 * _SEC)
            pref = (page + 1) << 12
            page = _P_DEMO
            ka(page | pref)
            ta(t)
            t += 30 * _SEC + int(r() * 150 * _SEC)
            props[len(keys)] = _DEMO_PROPS[int(r() * 4)]
            ka(page | _K_DEMO_REQUEST | pref)
            ta(t)
        if buy:
            cart = []
            for item in range(2 if r() < 0.2 else 1):
                if item or _PAGE_KIND[page] != K_PROD:
                    group = _GROUPS[K_PROD]
                    t += 5 * _SEC + int(r() * r() * 175 * _SEC)
                    pref = (page + 1) << 12
                    page = group[int(r() * len(group))]
                    ka(page | pref)
                    ta(t)
                product = _PRODUCT_OF[page]
                cart.append(product)
                t += 10 * _SEC + int(r() * 80 * _SEC)
                if not (no_atc and gap_lo <= t < gap_hi):
                    props[len(keys)] = _ATC_PROPS[product]
                    ka(page | _K_ADD_TO_CART | pref)
                    ta(t)
            value = sum(_PRODUCTS[p][2] for p in cart)
            t += 5 * _SEC + int(r() * 40 * _SEC)
            pref = (page + 1) << 12
            page = _P_CART
            ka(page | pref)
            ta(t)
            t += 10 * _SEC + int(r() * 60 * _SEC)
            props[len(keys)] = f'{{"value":{value:.2f},"currency":"EUR","items":{len(cart)}}}'
            ka(page | _K_BEGIN_CHECKOUT | pref)
            ta(t)
            t += 5 * _SEC + int(r() * 20 * _SEC)
            pref = (page + 1) << 12
            page = _P_CHECKOUT
            ka(page | pref)
            ta(t)
            t += 60 * _SEC + int(r() * 120 * _SEC)
            pref = (page + 1) << 12
            page = _P_THANKS
            ka(page | pref)
            ta(t)
            t += 5 * _SEC + int(r() * 5 * _SEC)
            order = f"ORD-{rng.getrandbits(40):010X}"
            purchase = (
                f'{{"value":{value:.2f},"currency":"EUR","order_id":"{order}",'
                f'"product_id":"{_PRODUCTS[cart[0]][0]}"}}'
            )
            b.flags[len(keys)] = _F_PURCHASE
            props[len(keys)] = purchase
            ka(page | _K_PURCHASE | pref)
            ta(t)
            if r() < _P_REFIRE:  # thank-you page reload fires the purchase again
                t += 10 * _SEC + int(r() * 60 * _SEC)
                pref = (page + 1) << 12
                ka(page | pref)
                ta(t)
                t += 5 * _SEC + int(r() * 5 * _SEC)
                b.flags[len(keys)] = _F_PURCHASE | _F_REFIRE
                props[len(keys)] = purchase
                ka(page | _K_PURCHASE | pref)
                ta(t)
        n = len(keys) - row0
        # delivery: normal, late (mobile offline queue) or one rare special per visit
        x = r()
        if device == MOBILE and x < _P_LATE_MOBILE_VISIT + _P_TOO_LATE_MOBILE_VISIT:
            # the queued tail is flushed at one moment: every queued event then lags by 24-72
            # hours (late) or 96-144 hours (too late), and so by 1-3 or 4-6 calendar days
            if x < _P_TOO_LATE_MOBILE_VISIT:
                min_lag, max_lag, flag = 4 * _DAY, 6 * _DAY, _F_TOO_LATE
            else:
                min_lag, max_lag, flag = 1 * _DAY, 3 * _DAY, _F_LATE
            j = row0 + int(r() * n)
            lo = t + min_lag
            hi = tss[j] + max_lag - 10 * _SEC - n * 1000
            flush_at = lo + int(r() * (hi - lo))
            if t < (start // _DAY + 1) * _DAY:  # not past midnight: received <= 6 days later
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
                    delay = _SEC + int(r() * 10 * _MIN)
                elif y < 0.95:
                    delay = 10 * _MIN + int(r() * 12 * _HOUR)
                else:
                    delay = 12 * _HOUR + int(r() * 18 * _HOUR)
                b.dups.append((row0 + i, delay))
            elif x < p_mal:
                if n > 1:
                    i = row0 + 1 + int(r() * (n - 1))
                    if (keys[i] >> 8) & 15 in _MALFORMABLE:
                        b.malformed.append((i, self.mal_counter % 6, r()))
                        self.mal_counter += 1
            elif x < p_mal + self.p_legacy * n:
                b.legacy.append(row0 + int(r() * n))
        vi = len(b.anon)
        if user_row < 0:
            b.uix += [None] * n
        else:
            b.uix += [None] * user_row
            b.uix += [vi] * (n - user_row)
        b.anon.append(anon)
        b.ua.append(ua)
        b.device.append(device)
        b.ip.append(ip)
        ipv6 = _fmt_ipv6(country, ip)
        if ipv6 is not None:
            b.ip_text[vi] = ipv6
        b.country.append(_COUNTRY_IX[country])
        b.user.append(uid)
        b.land_url.append(None if query is None else _PAGE_REF[keys[row0] & 255] + query)
        b.ext_ref.append(ext_ref)
        b.utm.append(utm)
        b.click.append(click)

    # ---------------------------------------------------------------- bots and scrapers

    def _bot_visit(self, plan: _VisitPlan, b: _Batch) -> None:
        r = self.rng.random
        start, _, kind, device, anon, ua, ip, country = plan[:8]
        t = start
        if kind == _SCRAPER:
            n = 61 + int(r() * 80)
            pages = _GROUPS[K_PROD] + _GROUPS[K_CAT]
            lo, span = 250_000, 350_000
            b.flags[len(b.keys)] = _F_LANDING | _F_BOT | _F_SCRAPER
        else:
            n = 1 + int(r() * r() * 40)
            pages = _BROWSABLE
            lo, span = 500_000, 8 * _SEC
            b.flags[len(b.keys)] = _F_LANDING | _F_BOT
        m = len(pages)
        ka = b.keys.append
        ta = b.ts.append
        ka(pages[int(r() * m)])
        ta(t)
        for _ in range(n - 1):
            t += lo + int(r() * span)
            ka(pages[int(r() * m)])
            ta(t)
        b.uix += [None] * n
        b.anon.append(anon)
        b.ua.append(ua)
        b.device.append(device)
        b.ip_text[len(b.ip)] = ip
        b.ip.append(0)
        b.country.append(_COUNTRY_IX[country])
        b.user.append(None)
        b.land_url.append(None)
        b.ext_ref.append(None)
        b.utm.append(0)
        b.click.append(None)

    # ---------------------------------------------------------------- batch -> arrow -> sinks

    def _finish_batch(self, b: _Batch, sinks: dict[int, _Sink], day: date) -> None:
        n = len(b.keys)
        if not n:
            return
        rng = self.rng
        keys = pa.array(b.keys, pa.int32())
        page_arr = pc.bit_wise_and(keys, 255)
        code_arr = pc.bit_wise_and(pc.shift_right(keys, 8), 15)
        ref_arr = pc.shift_right(keys, 12)
        flag_list = [0] * n
        for row, value in b.flags.items():
            flag_list[row] = value
        flags_arr = pa.array(flag_list, pa.int16())
        prop_list: list[str | None] = [None] * n
        for row, text in b.props.items():
            prop_list[row] = text
        ts_arr = pa.array(b.ts, pa.int64())
        delay = pa.Array.from_buffers(pa.uint16(), n, [None, pa.py_buffer(rng.randbytes(2 * n))])
        recv = pc.add(ts_arr, pc.add(pc.multiply(delay.cast(pa.int64()), 73), 200_000))
        if b.extra:
            extra = [0] * n
            for row, value in b.extra.items():
                extra[row] = value
            recv = pc.add(recv, pa.array(extra, pa.int64()))
        is_landing = pc.not_equal(pc.bit_wise_and(flags_arr, _F_LANDING), 0)
        vix = pc.subtract(pc.cumulative_sum(is_landing.cast(pa.int32())), 1)
        landing_ix = pc.if_else(is_landing, vix, pa.scalar(None, pa.int32()))
        utm_ix = pa.array(b.utm, pa.int32()).take(landing_ix)
        utm_table = self.utm_table
        utm_cols = [pa.array(col, pa.string()).take(utm_ix) for col in zip(*utm_table, strict=True)]
        columns = {
            "event_id": _hex_ids(rng.randbytes(16 * n), n),
            "event_name": _NAME_ARR.take(code_arr),
            "event_at": ts_arr.cast(pa.timestamp("us")).cast(pa.string()),
            "received_at": recv.cast(pa.timestamp("us")).cast(pa.string()),
            "anonymous_id": _uuid_array(b.anon).take(vix),
            "user_id": pa.array(b.user, pa.string()).take(pa.array(b.uix, pa.int32())),
            "page_url": pc.coalesce(
                pa.array(b.land_url, pa.string()).take(landing_ix), _CAT_URL.take(page_arr)
            ),
            "page_title": _CAT_TITLE.take(page_arr),
            "referrer_url": pc.coalesce(
                pa.array(b.ext_ref, pa.string()).take(landing_ix), _CAT_REF_ENC.take(ref_arr)
            ),
            "utm_source": utm_cols[0],
            "utm_medium": utm_cols[1],
            "utm_campaign": utm_cols[2],
            "utm_term": utm_cols[3],
            "utm_content": utm_cols[4],
            "click_id": pa.array(b.click, pa.string()).take(landing_ix),
            "device_category": _DEVICE_ARR.take(pa.array(b.device, pa.int8()).take(vix)),
            "user_agent": _UA_ARR.take(pa.array(b.ua, pa.int16()).take(vix)),
            "ip_address": _ip_array(b).take(vix),
            "country": _COUNTRY_ARR.take(pa.array(b.country, pa.int8()).take(vix)),
            "properties": pa.array(prop_list, pa.string()),
            "__recv": recv,
            "__flags": flags_arr,
        }
        table = pa.table(columns)
        # rows leaving the parquet stream: malformed (-> jsonl) and legacy collector (-> csv)
        keep = None
        if b.malformed or b.legacy:
            kept = [True] * n
            for row, _, _ in b.malformed:
                kept[row] = False
            for row in b.legacy:
                kept[row] = False
            self._route_malformed(table, b.malformed, sinks, day)
            self._route_legacy(table, b.legacy, sinks, day)
            keep = pa.array(kept + [True] * len(b.dups), pa.bool_())
        main = table
        if b.dups:
            rows = pa.array([row for row, _ in b.dups], pa.int32())
            copies = table.take(rows)
            new_recv = pc.add(copies["__recv"], pa.array([d for _, d in b.dups], pa.int64()))
            copies = copies.set_column(
                COLUMNS.index("received_at"),
                "received_at",
                new_recv.cast(pa.timestamp("us")).cast(pa.string()),
            )
            copies = copies.set_column(len(COLUMNS), "__recv", new_recv)
            copies = copies.set_column(
                len(COLUMNS) + 1, "__flags", pa.array([_F_DUP] * len(b.dups), pa.int16())
            )
            main = pa.concat_tables([table, copies])
        # one filter per received day (kept rows of that day): each row is copied once
        day_col = pc.divide(main["__recv"], _DAY)
        kept_days = day_col if keep is None else day_col.filter(keep)
        received_days = sorted(pc.unique(kept_days).to_pylist())
        written = 0
        for received in received_days:
            sink = self._sink(sinks, received, day)
            if sink is None:
                continue
            if len(received_days) == 1 and keep is None:
                part = main
            else:
                mask = pc.equal(day_col, received)
                part = main.filter(mask if keep is None else pc.and_(mask, keep))
            sink.add_table(part)
            written += part.num_rows
        if written:
            self.report(("progress", written))

    def _route_malformed(
        self,
        table: pa.Table,
        picks: list[tuple[int, int, float]],
        sinks: dict[int, _Sink],
        day: date,
    ) -> None:
        if not picks:
            return
        rows = table.take(pa.array([row for row, _, _ in picks], pa.int32())).to_pylist()
        for row, (_, reason_ix, x) in zip(rows, picks, strict=True):
            recv_us = row.pop("__recv")
            row.pop("__flags")
            sink = self._sink(sinks, recv_us // _DAY, day)
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
                row["event_at"] = _format_us(recv_us + 25 * _HOUR + int(x * 47 * _HOUR))
            else:
                row["properties"] = _BAD_PROPERTIES[int(x * len(_BAD_PROPERTIES))]
            sink.add_malformed(row, reason)

    def _route_legacy(
        self, table: pa.Table, picks: list[int], sinks: dict[int, _Sink], day: date
    ) -> None:
        if not picks:
            return
        rows = table.take(pa.array(picks, pa.int32())).to_pylist()
        for row in rows:
            recv_us = row.pop("__recv")
            flags = row.pop("__flags")
            sink = self._sink(sinks, recv_us // _DAY, day)
            if sink is not None:
                sink.add_legacy(row, flags)


_UTM_KEYS = ("source", "medium", "campaign", "term", "content")
_NEWSLETTER_HOME = '{"form_location":"footer"}'
_NEWSLETTER_BLOG = '{"form_location":"blog"}'
_SIGNIN_PROPS = ('{"method":"email"}', '{"method":"google"}')
_DEMO_PROPS = tuple(
    f'{{"form_id":"demo_request","team_size":"{size}"}}'
    for size in ("1-9", "10-49", "50-249", "250+")
)
_BAD_TIMESTAMPS = ("yesterday", "2026-13-45 99:00", "not-a-timestamp", "31/02/2026 25:61:00", "NaN")
_BAD_PROPERTIES = ("[1,2]", "not json", '"just a string"', "42", "{broken")


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def _parse_date(text: str) -> date:
    return date.fromisoformat(text)


def build_parser() -> argparse.ArgumentParser:
    """Argument parser of ``python -m orchestration.sample_events``."""
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.sample_events",
        description="Generate synthetic raw web-analytics landing files (parquet/jsonl/csv).",
    )
    parser.add_argument("--out", type=Path, default=Path("landing"), help="landing folder")
    parser.add_argument("--start-date", type=_parse_date, help="default: end date - 29 days")
    parser.add_argument("--end-date", type=_parse_date, help="default: yesterday (UTC)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--visitors-per-day", type=int, default=3000)
    parser.add_argument("--chunk-rows", type=int, default=200_000)
    parser.add_argument(
        "--workers", type=int, default=None, help="processes (default: automatic by size)"
    )
    parser.add_argument(
        "--received-date",
        type=_parse_date,
        action="append",
        dest="received_dates",
        help="write only this received day (repeatable)",
    )
    parser.add_argument("--no-capture-gap", action="store_true", help="no mobile add_to_cart gap")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    parser.add_argument("--json", action="store_true", help="print the full summary as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    end = args.end_date or (datetime.now(UTC).date() - timedelta(days=1))
    start = args.start_date or (end - timedelta(days=29))
    try:
        config = GeneratorConfig(
            start_date=start,
            end_date=end,
            seed=args.seed,
            visitors_per_day=args.visitors_per_day,
            inject_capture_gap=not args.no_capture_gap,
            chunk_rows=args.chunk_rows,
        )
        summary = generate_landing(
            args.out,
            config,
            received_dates=args.received_dates,
            progress=not args.quiet,
            workers=args.workers,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2))
    elif not args.quiet:
        t = summary.total
        malformed = ", ".join(f"{k}={v}" for k, v in t.malformed_rows.items())
        print(f"received days : {len(summary.days)} ({start} .. {end}) -> {args.out}")
        print(f"rows written  : {t.rows_written:,} ({t.parquet_files} parquet files)")
        print(
            f"  good events : {t.good_events:,} (late {t.late_events:,}, refires {t.order_refires})"
        )
        print(f"  duplicates  : {t.duplicate_rows:,}")
        print(f"  too late    : {t.too_late_events:,}")
        print(f"  malformed   : {t.malformed_total:,} ({malformed})")
        print(f"  legacy csv  : {t.csv_rows:,}")
        print(f"visits        : {t.visits:,} (bots {t.bot_visits:,}, purchases {t.purchases:,})")
        gap = ", ".join(d.isoformat() for d in summary.capture_gap_days) or "none"
        print(f"capture gap   : {gap}")
        speed = summary.events_per_second
        print(f"speed         : {speed:,.0f} events/s ({summary.elapsed_seconds:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
