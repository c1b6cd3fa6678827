"""Bots and scrapers: their visits of a day and the page views they fetch.

Bot traffic looks like direct desktop visits (no referrer, no utm) with bot user agents and
data-centre addresses; the scraper hides behind a desktop browser's user agent. Their landing
rows carry the bot flags for the accounting.
"""

from __future__ import annotations

import random
from bisect import bisect

from tools.sample_events.audience import BOT_CDF, BOTS, COUNTRY_IX, DESKTOP, UA_BASE, UA_BOT_BASE
from tools.sample_events.batch import Batch
from tools.sample_events.catalogue import BROWSABLE, GROUPS, K_CAT, K_PROD
from tools.sample_events.channels import CH_DIRECT
from tools.sample_events.clock import DAY, HOUR, SEC
from tools.sample_events.rosters import BOT, SCRAPER, VisitPlan
from tools.sample_events.schema import F_BOT, F_LANDING, F_SCRAPER

_BOT_VISIT_SHARE = 0.02


def bot_plans(rng: random.Random, ordinal: int, n_humans: int) -> list[VisitPlan]:
    """The bot and scraper visits of day ``ordinal``, drawn from the day's ``rng``.

    Bots (search engines, SEO tools, headless browsers) make about 2% of the visits; one or
    two scrapers a day fetch a long run of product and category pages at a fast pace.
    """
    r = rng.random
    out: list[VisitPlan] = []
    n_bots = round(n_humans * _BOT_VISIT_SHARE / (1 - _BOT_VISIT_SHARE) * (0.8 + 0.4 * r()))
    n_scrapers = 1 + (r() < 0.4)
    day0 = ordinal * DAY
    for b in range(n_bots + n_scrapers):
        scraper = b >= n_bots
        if scraper:
            ua = UA_BASE[DESKTOP]
            prefix, country = "45.134", "NL"
        else:
            k = bisect(BOT_CDF, r())
            ua = UA_BOT_BASE + k
            _, prefix, country = BOTS[k]
        ip = f"{prefix}.{int(r() * 256)}.{1 + int(r() * 254)}"
        out.append(
            (
                day0 + int(r() * (DAY - HOUR)),
                (ordinal, -1, b),
                SCRAPER if scraper else BOT,
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
    return out


def bot_visit(rng: random.Random, plan: VisitPlan, b: Batch) -> None:
    """Simulate one bot or scraper visit of ``plan`` into batch ``b``: page views only."""
    r = rng.random
    start, _, kind, device, anon, ua, ip, country = plan[:8]
    t = start
    if kind == SCRAPER:
        n = 61 + int(r() * 80)
        pages = GROUPS[K_PROD] + GROUPS[K_CAT]
        lo, span = 250_000, 350_000
        b.flags[len(b.keys)] = F_LANDING | F_BOT | F_SCRAPER
    else:
        n = 1 + int(r() * r() * 40)
        pages = BROWSABLE
        lo, span = 500_000, 8 * SEC
        b.flags[len(b.keys)] = F_LANDING | F_BOT
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
    b.country.append(COUNTRY_IX[country])
    b.user.append(None)
    b.land_url.append(None)
    b.ext_ref.append(None)
    b.utm.append(0)
    b.click.append(None)
