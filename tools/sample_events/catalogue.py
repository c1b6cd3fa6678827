"""The shop's catalogue: page kinds, event names, pages and products, browsing transitions.

Every page of ``www.example-shop.com`` has an index into the tables built here (url, title,
kind, product); the simulation works with these indices and the Arrow arrays below turn them
into strings per batch. ``NEXT`` and ``NPAGES_CDF`` shape how a visitor browses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import accumulate
from typing import Any
from urllib.parse import quote_plus

import pyarrow as pa

from tools.sample_events.schema import BASE_URL


def make_cdf(weights: Sequence[float]) -> list[float]:
    """Cumulative distribution of ``weights``, for ``bisect(cdf, random())`` draws."""
    total = float(sum(weights))
    out = [w / total for w in accumulate(weights)]
    out[-1] = 1.0 + 1e-9
    return out


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
MALFORMABLE = frozenset(
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
PAGE_KIND: list[int] = _CAT["kinds"]
PRODUCT_OF: list[int] = _CAT["product_of"]
GROUPS: dict[int, tuple[int, ...]] = _CAT["groups"]
PRODUCTS: list[tuple[str, str, float]] = _CAT["products"]
P_PRICING = GROUPS[K_PRICING][0]
P_CART = GROUPS[K_CART][0]
P_CHECKOUT = GROUPS[K_CHECKOUT][0]
P_THANKS = GROUPS[K_THANKS][0]
P_SIGNUP = GROUPS[K_SIGNUP][0]
P_LOGIN = GROUPS[K_LOGIN][0]
P_DEMO = GROUPS[K_DEMO][0]
SEARCH_PAGE0 = GROUPS[K_SEARCH][0]
CAT_URL = pa.array(_CAT["urls"], pa.string())
CAT_TITLE = pa.array(_CAT["titles"], pa.string())
NAME_ARR = pa.array(EVENT_NAMES, pa.string())
BROWSABLE = GROUPS[K_HOME] + GROUPS[K_CAT] + GROUPS[K_PROD] + GROUPS[K_BLOG]

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


NEXT: list[tuple[list[float], tuple[int, ...]]] = []
for _k in range(12):
    _t = _TRANSITIONS.get(_k, _DEFAULT_TRANSITION)
    NEXT.append((make_cdf([w for w, _ in _t]), tuple(k for _, k in _t)))

# Pages per visit when it is not a bounce: 2..15, skewed to short visits.
NPAGES_CDF = make_cdf([22, 18, 14, 11, 9, 7, 5, 4, 3, 2.5, 1.8, 1.3, 1.0, 0.8])

# Property strings of the events fired on a page, by product, page or position.
VIDEO_PROPS: list[list[str]] = _CAT["video"]
WISHLIST_PROPS: list[str] = _CAT["wishlist"]
ATC_PROPS: list[str] = _CAT["add_to_cart"]
SEARCH_PROPS: list[str] = _CAT["search"]
FILE_PROPS: list[str] = _CAT["files"]
BLOG_VIDEO_PROPS: list[str] = _CAT["blog_video"]
PAGE_REF: list[str] = _CAT["refs"]
CAT_REF_ENC = pa.array([None, *_CAT["refs"]], pa.string())  # index = referrer page + 1
