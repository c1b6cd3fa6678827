"""Human visits: landing, browsing, sign-ins, demo requests and purchases of one visit.

:func:`human_visit` appends the events of a planned visit to a :class:`~.batch.Batch` (two ints
per event: packed page, event code and referrer page, and ``event_at``), with the visit-level
columns once per visit. The delivery of its rows is planned by
:func:`~.imperfections.plan_delivery`.
"""

from __future__ import annotations

from bisect import bisect

from tools.sample_events.audience import COUNTRY_IX, MOBILE
from tools.sample_events.batch import Batch
from tools.sample_events.catalogue import (
    ATC_PROPS,
    BLOG_VIDEO_PROPS,
    E_ADD_TO_CART,
    E_BEGIN_CHECKOUT,
    E_DEMO_REQUEST,
    E_FILE_DOWNLOAD,
    E_LOGIN,
    E_NEWSLETTER,
    E_PURCHASE,
    E_SITE_SEARCH,
    E_VIDEO,
    E_WISHLIST,
    FILE_PROPS,
    GROUPS,
    K_BLOG,
    K_CART,
    K_CAT,
    K_CHECKOUT,
    K_HOME,
    K_PRICING,
    K_PROD,
    K_SEARCH,
    NEXT,
    NPAGES_CDF,
    P_CART,
    P_CHECKOUT,
    P_DEMO,
    P_LOGIN,
    P_PRICING,
    P_SIGNUP,
    P_THANKS,
    PAGE_KIND,
    PAGE_REF,
    PRODUCT_OF,
    PRODUCTS,
    SEARCH_PAGE0,
    SEARCH_PROPS,
    VIDEO_PROPS,
    WISHLIST_PROPS,
)
from tools.sample_events.channels import CHANNELS, landing
from tools.sample_events.clock import DAY, MIN, SEC
from tools.sample_events.formatting import fmt_ipv6
from tools.sample_events.imperfections import plan_delivery
from tools.sample_events.rosters import VisitPlan
from tools.sample_events.schema import F_LANDING, F_PURCHASE, F_REFIRE
from tools.sample_events.state import SimState

_DEVICE_BUY = (1.0, 0.42, 0.7)
_BUY_SCALE = 0.65  # overall conversion rate ~2.3% of visits
_DEVICE_BOUNCE = (0.9, 1.15, 1.0)
_P_PAUSE = 0.03  # visits with one 31-60 minute pause between two pages
_P_REFIRE = 0.03  # purchases fired again by a reload of the thank-you page

# Event codes shifted into place in a packed key (page | code << 8 | (referrer + 1) << 12).
_K_NEWSLETTER = E_NEWSLETTER << 8
_K_VIDEO = E_VIDEO << 8
_K_ADD_TO_CART = E_ADD_TO_CART << 8
_K_FILE_DOWNLOAD = E_FILE_DOWNLOAD << 8
_K_SITE_SEARCH = E_SITE_SEARCH << 8
_K_WISHLIST = E_WISHLIST << 8
_K_BEGIN_CHECKOUT = E_BEGIN_CHECKOUT << 8
_K_PURCHASE = E_PURCHASE << 8
_K_DEMO_REQUEST = E_DEMO_REQUEST << 8
_NEWSLETTER_HOME = '{"form_location":"footer"}'
_NEWSLETTER_BLOG = '{"form_location":"blog"}'
_SIGNIN_PROPS = ('{"method":"email"}', '{"method":"google"}')
_DEMO_PROPS = tuple(
    f'{{"form_id":"demo_request","team_size":"{size}"}}'
    for size in ("1-9", "10-49", "50-249", "250+")
)


def human_visit(state: SimState, plan: VisitPlan, b: Batch) -> None:
    """Simulate one human visit of ``plan`` into batch ``b``.

    Lands through the plan's channel, browses (page views and the events fired on the pages),
    signs in, requests a demo or buys as drawn, then plans the delivery of the visit's rows.
    """
    rng = state.rng
    r = rng.random
    start, _, _, device, anon, ua, ip, country, channel, signin, signed0, uid, returning = plan
    kind, query, ext_ref, utm, click, mult = landing(state, channel, device)
    ch = CHANNELS[channel]
    group = GROUPS[kind]
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
        n_browse = 2 + bisect(NPAGES_CDF, r())
        limit = 15 - (5 if buy else 0) - (2 if demo else 0)
        n_browse = max(2 if signin else 1, min(n_browse, limit))
    boost = 1.8 if buy else 1.0
    pause_step = int(r() * n_browse) if r() < _P_PAUSE else -1
    signin_step = -1
    if signin:
        signin_step = 1 if signin == E_LOGIN else 1 + int(r() * (n_browse - 1))
    gap_lo, gap_hi = state.gap
    no_atc = device == MOBILE and gap_hi > start - DAY and gap_lo < start + DAY
    keys = b.keys
    ka = keys.append
    tss = b.ts
    ta = tss.append
    props = b.props
    row0 = len(keys)
    b.flags[row0] = F_LANDING
    t = start
    ka(page)  # landing page view: external referrer (or none), filled per visit
    ta(t)
    kind = PAGE_KIND[page]
    pref = (page + 1) << 12  # referrer of the events fired on the current page
    user_row = 0 if signed0 else -1
    for step in range(n_browse):
        if step:
            if step == signin_step:
                nxt = P_LOGIN if signin == E_LOGIN else P_SIGNUP
            else:
                cdf, kinds = NEXT[kind]
                group = GROUPS[kinds[bisect(cdf, r())]]
                nxt = group[int(r() * len(group))]
            t += 5 * SEC + int(r() * r() * 175 * SEC)
            if step == pause_step:
                t += 31 * MIN + int(r() * 29 * MIN)
            pref = (page + 1) << 12
            page = nxt
            ka(page | pref)
            ta(t)
            kind = PAGE_KIND[page]
        # events fired on this page
        if kind == K_PROD:
            x = r()
            if x < 0.05 * boost:
                t += 5 * SEC + int(r() * 40 * SEC)
                props[len(keys)] = VIDEO_PROPS[PRODUCT_OF[page]][int(r() * 5)]
                ka(page | _K_VIDEO | pref)
                ta(t)
            elif x > 1 - 0.035 * boost:
                t += 5 * SEC + int(r() * 30 * SEC)
                props[len(keys)] = WISHLIST_PROPS[PRODUCT_OF[page]]
                ka(page | _K_WISHLIST | pref)
                ta(t)
            if not buy and r() < 0.05:  # abandoned cart
                t += 5 * SEC + int(r() * 50 * SEC)
                if not (no_atc and gap_lo <= t < gap_hi):
                    props[len(keys)] = ATC_PROPS[PRODUCT_OF[page]]
                    ka(page | _K_ADD_TO_CART | pref)
                    ta(t)
                if r() < 0.4:
                    price = PRODUCTS[PRODUCT_OF[page]][2]
                    t += 5 * SEC + int(r() * 40 * SEC)
                    pref = (page + 1) << 12
                    page, kind = P_CART, K_CART
                    ka(page | pref)
                    ta(t)
                    if r() < 0.35:
                        t += 5 * SEC + int(r() * 40 * SEC)
                        props[len(keys)] = f'{{"value":{price:.2f},"currency":"EUR","items":1}}'
                        ka(page | _K_BEGIN_CHECKOUT | pref)
                        ta(t)
                        t += 5 * SEC + int(r() * 30 * SEC)
                        pref = (page + 1) << 12
                        page, kind = P_CHECKOUT, K_CHECKOUT
                        ka(page | pref)
                        ta(t)
        elif kind == K_CAT:
            pass
        elif kind == K_SEARCH:
            t += 5 * SEC + int(r() * 10 * SEC)
            props[len(keys)] = SEARCH_PROPS[page - SEARCH_PAGE0]
            ka(page | _K_SITE_SEARCH | pref)
            ta(t)
        elif kind == K_HOME or kind == K_BLOG:
            x = r()
            if x < 0.025 * boost:
                t += 5 * SEC + int(r() * 60 * SEC)
                props[len(keys)] = _NEWSLETTER_HOME if kind == K_HOME else _NEWSLETTER_BLOG
                ka(page | _K_NEWSLETTER | pref)
                ta(t)
            elif kind == K_BLOG and x > 1 - 0.05 * boost:
                t += 5 * SEC + int(r() * 60 * SEC)
                if r() < 0.5:
                    props[len(keys)] = FILE_PROPS[int(r() * 3)]
                    ka(page | _K_FILE_DOWNLOAD | pref)
                else:
                    props[len(keys)] = BLOG_VIDEO_PROPS[int(r() * 5)]
                    ka(page | _K_VIDEO | pref)
                ta(t)
        elif kind == K_PRICING:
            if r() < 0.06 * boost:
                t += 5 * SEC + int(r() * 60 * SEC)
                props[len(keys)] = FILE_PROPS[3]
                ka(page | _K_FILE_DOWNLOAD | pref)
                ta(t)
        elif step == signin_step:  # sign-up or login page
            t += 20 * SEC + int(r() * 100 * SEC)
            user_row = len(keys) - row0
            props[len(keys)] = _SIGNIN_PROPS[r() < 0.3]
            ka(page | signin << 8 | pref)
            ta(t)
    if demo:
        if page != P_PRICING:
            t += 5 * SEC + int(r() * 60 * SEC)
            pref = (page + 1) << 12
            page = P_PRICING
            ka(page | pref)
            ta(t)
        t += 20 * SEC + int(r() * 120 * SEC)
        pref = (page + 1) << 12
        page = P_DEMO
        ka(page | pref)
        ta(t)
        t += 30 * SEC + int(r() * 150 * SEC)
        props[len(keys)] = _DEMO_PROPS[int(r() * 4)]
        ka(page | _K_DEMO_REQUEST | pref)
        ta(t)
    if buy:
        cart = []
        for item in range(2 if r() < 0.2 else 1):
            if item or PAGE_KIND[page] != K_PROD:
                group = GROUPS[K_PROD]
                t += 5 * SEC + int(r() * r() * 175 * SEC)
                pref = (page + 1) << 12
                page = group[int(r() * len(group))]
                ka(page | pref)
                ta(t)
            product = PRODUCT_OF[page]
            cart.append(product)
            t += 10 * SEC + int(r() * 80 * SEC)
            if not (no_atc and gap_lo <= t < gap_hi):
                props[len(keys)] = ATC_PROPS[product]
                ka(page | _K_ADD_TO_CART | pref)
                ta(t)
        value = sum(PRODUCTS[p][2] for p in cart)
        t += 5 * SEC + int(r() * 40 * SEC)
        pref = (page + 1) << 12
        page = P_CART
        ka(page | pref)
        ta(t)
        t += 10 * SEC + int(r() * 60 * SEC)
        props[len(keys)] = f'{{"value":{value:.2f},"currency":"EUR","items":{len(cart)}}}'
        ka(page | _K_BEGIN_CHECKOUT | pref)
        ta(t)
        t += 5 * SEC + int(r() * 20 * SEC)
        pref = (page + 1) << 12
        page = P_CHECKOUT
        ka(page | pref)
        ta(t)
        t += 60 * SEC + int(r() * 120 * SEC)
        pref = (page + 1) << 12
        page = P_THANKS
        ka(page | pref)
        ta(t)
        t += 5 * SEC + int(r() * 5 * SEC)
        order = f"ORD-{rng.getrandbits(40):010X}"
        purchase = (
            f'{{"value":{value:.2f},"currency":"EUR","order_id":"{order}",'
            f'"product_id":"{PRODUCTS[cart[0]][0]}"}}'
        )
        b.flags[len(keys)] = F_PURCHASE
        props[len(keys)] = purchase
        ka(page | _K_PURCHASE | pref)
        ta(t)
        if r() < _P_REFIRE:  # thank-you page reload fires the purchase again
            t += 10 * SEC + int(r() * 60 * SEC)
            pref = (page + 1) << 12
            ka(page | pref)
            ta(t)
            t += 5 * SEC + int(r() * 5 * SEC)
            b.flags[len(keys)] = F_PURCHASE | F_REFIRE
            props[len(keys)] = purchase
            ka(page | _K_PURCHASE | pref)
            ta(t)
    n = len(keys) - row0
    plan_delivery(state, b, device, start, t, row0, n)
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
    ipv6 = fmt_ipv6(country, ip)
    if ipv6 is not None:
        b.ip_text[vi] = ipv6
    b.country.append(COUNTRY_IX[country])
    b.user.append(uid)
    b.land_url.append(None if query is None else PAGE_REF[keys[row0] & 255] + query)
    b.ext_ref.append(ext_ref)
    b.utm.append(utm)
    b.click.append(click)
