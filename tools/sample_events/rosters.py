"""The persons of the simulation: who is first seen on a day and all their planned visits.

A roster is a function of ``(seed, day, visitors_per_day)`` only: the persons first seen on a
day, their devices, sign-ins and every visit they make within the next 14 days (time, device,
channel). Each event day collects its visits from the rosters of the 14 days before it.
"""

from __future__ import annotations

from bisect import bisect
from datetime import timedelta
from typing import Any

from tools.sample_events.audience import (
    COUNTRIES,
    COUNTRY_CDF,
    DESKTOP,
    MOBILE,
    TABLET,
    UA_BASE,
    USER_AGENTS,
)
from tools.sample_events.catalogue import E_ACCOUNT_CREATED, E_LOGIN, make_cdf
from tools.sample_events.channels import ACQ_CDF, RET_CDF
from tools.sample_events.clock import DAY, EPOCH, HOUR, seeded_rng, to_ordinal
from tools.sample_events.config import GeneratorConfig

# Visit plan: (start_us, sort key, kind, device, anonymous_id bits, user agent index,
#              ip bits, country, channel, sign-in event code or 0, signed in at start,
#              user_id, returning). Bot plans carry the formatted ip.
VisitPlan = tuple[
    int, tuple[int, int, int], int, int, Any, int, Any, str, int, int, bool, Any, bool
]
HUMAN, BOT, SCRAPER = 0, 1, 2  # visit kinds
RETURN_WINDOW_DAYS = 14
_VISITS_PER_PERSON = 2.05  # calibrated: mean visits a new person makes within the window

# Visit start hour (UTC) weights: a European shop.
_HOUR_CDF = make_cdf(
    [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 4, 4.2, 4.5]
    + [5, 4.8, 4.5, 4.4, 4.6, 5, 5.6, 6.2, 6.5, 5.8, 4, 2]
)
_WEEKDAY_FACTOR = (1.02, 1.0, 0.98, 0.97, 0.95, 0.9, 1.08)


def make_roster(config: GeneratorConfig, ordinal: int) -> dict[int, list[VisitPlan]]:
    """Persons first seen on day ``ordinal`` and all their visits (up to 14 days later).

    Depends only on (seed, day, visitors_per_day), never on the generation window.
    """
    day = EPOCH + timedelta(days=ordinal)
    rng = seeded_rng(config.seed, "roster", day)
    r = rng.random
    bits = rng.getrandbits
    n_new = round(
        config.visitors_per_day
        / _VISITS_PER_PERSON
        * _WEEKDAY_FACTOR[day.weekday()]
        * (0.95 + 0.1 * r())
    )
    first = to_ordinal(config.start_date)
    last = to_ordinal(config.end_date)
    day0 = ordinal * DAY
    horizon = day0 + (RETURN_WINDOW_DAYS + 1) * DAY
    out: dict[int, list[VisitPlan]] = {}
    for i in range(n_new):
        country = COUNTRIES[bisect(COUNTRY_CDF, r())]
        two = r() < 0.22
        if two:
            cats: tuple[int, ...] = (MOBILE, DESKTOP if r() < 0.85 else TABLET)
        else:
            x = r()
            cats = (DESKTOP if x < 0.53 else MOBILE if x < 0.92 else TABLET,)
        devices = []
        for cat in cats:
            ua = UA_BASE[cat] + int(r() * len(USER_AGENTS[cat]))
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
        start = day0 + bisect(_HOUR_CDF, r()) * HOUR + int(r() * HOUR)
        if not n_ret:  # fast path: a single visit on a single device (about half of all)
            sign = 0
            if existing:
                sign = E_LOGIN if r() < 0.6 else 0
            elif register:
                sign = E_ACCOUNT_CREATED
            channel = bisect(ACQ_CDF, r())
            if first <= ordinal <= last:  # (the draws above never depend on the window)
                cat, anon, ua, ip = devices[0]
                out.setdefault(ordinal, []).append(
                    (
                        start,
                        (ordinal, i, 0),
                        HUMAN,
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
                times.append(start + 3 * HOUR + int(r() * 8 * HOUR))
            else:
                offset = (1 + int(13 * r() * r())) * DAY
                times.append(day0 + offset + bisect(_HOUR_CDF, r()) * HOUR + int(r() * HOUR))
        if n_ret:
            times.sort()
            kept = [start]
            for t in times[1:]:
                if t - kept[-1] >= 3 * HOUR and t < horizon:
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
            visit_day = t // DAY
            cdf = ACQ_CDF if j == 0 else RET_CDF
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
                        HUMAN,
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
