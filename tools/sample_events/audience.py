"""Who visits: device categories, user agents (browsers and bots), countries and their IPs.

The simulation keeps devices, user agents and countries as small ints; the Arrow arrays at the
end turn them into strings per batch (``UA_BASE[device] + k`` indexes ``UA_ARR``).
"""

from __future__ import annotations

import pyarrow as pa

from tools.sample_events.catalogue import make_cdf

DESKTOP, MOBILE, TABLET = 0, 1, 2
DEVICE_NAMES = ("desktop", "mobile", "tablet")
USER_AGENTS: tuple[tuple[str, ...], ...] = (
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
BOTS: tuple[tuple[str, str, str], ...] = (
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
BOT_CDF = make_cdf([30, 20, 15, 15, 10, 10])
COUNTRIES = ("DE", "FR", "GB", "US", "NL", "ES", "IT", "AT", "CH", "BE", "PL", "SE")
COUNTRY_CDF = make_cdf([30, 12, 10, 10, 8, 7, 7, 4, 4, 3, 3, 2])
IPV4_FIRST: dict[str, tuple[int, ...]] = {
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
IPV6_PREFIX: dict[str, tuple[int, int]] = {
    "DE": (0x2A02, 0x0810),
    "FR": (0x2A01, 0x0CB0),
    "GB": (0x2A00, 0x23C4),
    "US": (0x2600, 0x1700),
    "NL": (0x2001, 0x0DB8),
}

# Arrow lookups of the small ints the simulation keeps (user agents, devices, countries).
_ALL_UAS: list[str] = [ua for uas in USER_AGENTS for ua in uas] + [bot[0] for bot in BOTS]
UA_BASE = (0, len(USER_AGENTS[0]), len(USER_AGENTS[0]) + len(USER_AGENTS[1]))
UA_BOT_BASE = sum(len(uas) for uas in USER_AGENTS)
UA_ARR = pa.array(_ALL_UAS, pa.string())
DEVICE_ARR = pa.array(DEVICE_NAMES, pa.string())
COUNTRY_ARR = pa.array(COUNTRIES, pa.string())
COUNTRY_IX = {country: k for k, country in enumerate(COUNTRIES)}
