"""Traffic channels: the channel table, its traffic sources and campaigns, the sample spend.

:func:`landing` draws where a visit comes from (landing page kind, referrer, utm parameters,
click id) for its channel; ``SPEND_CAMPAIGNS`` prices the paid channels for the spend files.
"""

from __future__ import annotations

from bisect import bisect
from dataclasses import dataclass
from urllib.parse import quote_plus

from tools.sample_events.audience import MOBILE
from tools.sample_events.catalogue import (
    K_BLOG,
    K_CAT,
    K_HOME,
    K_PRICING,
    K_PROD,
    make_cdf,
)
from tools.sample_events.formatting import click_id
from tools.sample_events.state import NO_UTM, SimState


@dataclass(frozen=True)
class Channel:
    """One traffic channel: its visit weights, conversion and bounce rates, landing pages."""

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
CHANNELS: tuple[Channel, ...] = (
    # key, acquisition, retention, buy_p, demo_p, bounce_p, landing pages
    Channel("organic_search", 24, 18, 0.030, 0.005, 0.42, _L_SEARCH),
    Channel("paid_search", 13, 12, 0.060, 0.003, 0.35, ((45, K_CAT), (30, K_PROD), (25, K_HOME))),
    Channel("paid_shopping", 5, 3, 0.050, 0.0, 0.45, ((100, K_PROD),)),
    Channel("paid_social", 8, 5, 0.012, 0.001, 0.62, ((50, K_PROD), (50, K_CAT))),
    Channel("organic_social", 5, 3, 0.009, 0.004, 0.60, _L_SOCIAL),
    Channel("email", 2, 16, 0.075, 0.003, 0.30, ((50, K_CAT), (30, K_PROD), (20, K_HOME))),
    Channel("referral", 6, 3, 0.028, 0.004, 0.45, ((50, K_PROD), (20, K_BLOG), (30, K_HOME))),
    Channel("display", 5, 6, 0.005, 0.001, 0.70, ((50, K_PROD), (50, K_CAT))),
    Channel("affiliate", 4, 4, 0.045, 0.0, 0.40, ((60, K_PROD), (40, K_HOME))),
    Channel("video", 3, 2, 0.010, 0.002, 0.55, ((50, K_PROD), (50, K_HOME))),
    Channel("paid_video", 1.5, 1, 0.007, 0.001, 0.60, ((60, K_PROD), (40, K_HOME))),
    Channel("direct", 18, 27, 0.035, 0.006, 0.38, _L_DIRECT),
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
) = range(len(CHANNELS))
ACQ_CDF = make_cdf([c.acquisition for c in CHANNELS])
RET_CDF = make_cdf([c.retention for c in CHANNELS])
LANDING: list[tuple[list[float], tuple[int, ...]]] = [
    (make_cdf([w for w, _ in c.landing]), tuple(k for _, k in c.landing)) for c in CHANNELS
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
_SEARCH_CDF = make_cdf([w for w, _ in _SEARCH_ENGINES])
_SOCIAL_CDF = make_cdf([w for w, _ in _SOCIAL_REFERRERS])
_PAID_SEARCH_CDF = make_cdf([c[0] for c in _PAID_SEARCH_CAMPAIGNS])
_DISPLAY_CDF = make_cdf([d[0] for d in _DISPLAY])
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# Sample ad spend: (GA4 channel, generator channel, campaign, share of the channel's visits,
# cost per visit in EUR). Display and paid video buy reach, so they cost more per visit.
SPEND_CAMPAIGNS = (
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

_UTM_KEYS = ("source", "medium", "campaign", "term", "content")


def landing(
    state: SimState, channel: int, device: int
) -> tuple[int, str | None, str | None, int, str | None, float]:
    """Landing page kind, query string, referrer, utm row index, click id, buy multiplier.

    Draws the traffic source of a visit through ``channel`` from ``state.rng``; the utm
    values become a row of ``state.utm_table`` (half of the collectors leave them empty). The
    click id is as landed: a gclid bare (as GA4 writes it), another kind ``<kind>=<id>``.
    """
    rng = state.rng
    r = rng.random
    cdf, kinds = LANDING[channel]
    kind = kinds[bisect(cdf, r())]
    ref: str | None = None
    click: str | None = None
    click_kind = ""
    params: tuple[str | None, ...] = NO_UTM
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
            ref = "https://l.facebook.com/" if source == "facebook" else "https://l.instagram.com/"
        click_kind = "fbclid"
    elif channel == CH_ORGANIC_SOCIAL:
        ref = _SOCIAL_REFERRERS[bisect(_SOCIAL_CDF, r())][1]
        if ref == "https://t.co/":
            ref += "".join(rng.choices(_ALNUM, k=10))
    elif channel == CH_EMAIL:
        campaign = _EMAIL_CAMPAIGNS[int(r() * len(_EMAIL_CAMPAIGNS))]
        if campaign == "weekly_digest":
            campaign = state.digest_campaign
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
    if params is not NO_UTM:
        key = (params, click_kind)
        query = state.query_cache.get(key)
        if query is None:
            parts = [
                f"utm_{name}={quote_plus(value)}"
                for name, value in zip(_UTM_KEYS, params, strict=True)
                if value is not None
            ]
            if click_kind:
                parts.append(f"{click_kind}=")
            query = state.query_cache[key] = "?" + "&".join(parts)
        if click_kind:
            click = click_id(rng, click_kind)
            query += click
            if click_kind != "gclid":  # the landed contract: `<kind>=<id>`, a bare id a gclid
                click = f"{click_kind}={click}"
        if r() < 0.5:  # only half of the collectors fill the utm columns
            params = NO_UTM
    utm = state.utm_index.get(params)
    if utm is None:
        utm = state.utm_index[params] = len(state.utm_table)
        state.utm_table.append(params)
    return kind, query, ref, utm, click, mult
