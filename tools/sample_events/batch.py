"""Batches: column buffers of consecutive visits of one event day, turned into Arrow tables.

The visit functions append two ints per event and the visit-level values once per visit;
:func:`batch_table` builds the landing columns of the whole batch with vectorised Arrow
lookups (pages, titles, user agents, countries) instead of one Python string per field.
"""

from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.compute as pc

from tools.sample_events.audience import COUNTRY_ARR, DEVICE_ARR, UA_ARR
from tools.sample_events.catalogue import CAT_REF_ENC, CAT_TITLE, CAT_URL, NAME_ARR
from tools.sample_events.formatting import hex_ids, ip_array, timestamp_strings, uuid_array
from tools.sample_events.schema import F_LANDING
from tools.sample_events.state import UtmRow


class Batch:
    """Column buffers of a group of consecutive visits of one event day.

    Per event only two ints are appended: ``keys`` packs page, event code and referrer page
    (``page | code << 8 | (referrer page + 1) << 12``) and ``ts`` is ``event_at`` in microseconds;
    properties and flags are sparse dicts by row. Visit-level columns are taken per event later.
    """

    def __init__(self) -> None:
        """Start an empty batch."""
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


def batch_table(b: Batch, rng: random.Random, utm_table: list[UtmRow]) -> pa.Table:
    """The rows of a non-empty batch as an Arrow table: the 20 columns, ``__recv`` and ``__flags``.

    ``__recv`` is ``received_at`` in microseconds (0.2-5 s after ``event_at``, plus the lag of
    the late rows) and ``__flags`` the row flags; ``rng`` draws the delays and the event ids.
    """
    n = len(b.keys)
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
    is_landing = pc.not_equal(pc.bit_wise_and(flags_arr, F_LANDING), 0)
    vix = pc.subtract(pc.cumulative_sum(is_landing.cast(pa.int32())), 1)
    landing_ix = pc.if_else(is_landing, vix, pa.scalar(None, pa.int32()))
    utm_ix = pa.array(b.utm, pa.int32()).take(landing_ix)
    utm_cols = [pa.array(col, pa.string()).take(utm_ix) for col in zip(*utm_table, strict=True)]
    columns = {
        "event_id": hex_ids(rng.randbytes(16 * n), n),
        "event_name": NAME_ARR.take(code_arr),
        "event_at": timestamp_strings(ts_arr),
        "received_at": timestamp_strings(recv),
        "anonymous_id": uuid_array(b.anon).take(vix),
        "user_id": pa.array(b.user, pa.string()).take(pa.array(b.uix, pa.int32())),
        "page_url": pc.coalesce(
            pa.array(b.land_url, pa.string()).take(landing_ix), CAT_URL.take(page_arr)
        ),
        "page_title": CAT_TITLE.take(page_arr),
        "referrer_url": pc.coalesce(
            pa.array(b.ext_ref, pa.string()).take(landing_ix), CAT_REF_ENC.take(ref_arr)
        ),
        "utm_source": utm_cols[0],
        "utm_medium": utm_cols[1],
        "utm_campaign": utm_cols[2],
        "utm_term": utm_cols[3],
        "utm_content": utm_cols[4],
        "click_id": pa.array(b.click, pa.string()).take(landing_ix),
        "device_category": DEVICE_ARR.take(pa.array(b.device, pa.int8()).take(vix)),
        "user_agent": UA_ARR.take(pa.array(b.ua, pa.int16()).take(vix)),
        "ip_address": ip_array(b.ip, b.country, b.ip_text).take(vix),
        "country": COUNTRY_ARR.take(pa.array(b.country, pa.int8()).take(vix)),
        "properties": pa.array(prop_list, pa.string()),
        "__recv": recv,
        "__flags": flags_arr,
    }
    return pa.table(columns)
