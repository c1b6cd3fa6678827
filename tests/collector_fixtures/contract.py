"""Our own landing contract, in its default folder ``events``, beside the collectors.

- contract-a: day 1 12:00 from the newsletter (utm email) on /p/wool-socks, buys at 12:05
  (25 EUR, C-1) without add_to_cart or checkout events.
- contract-b: day 2 15:00 direct on /pricing.
"""

from __future__ import annotations

from pathlib import Path

from tests.collector_fixtures import DAY1, DAY2, SHOP, at, contract_row, write_contract

A, B = "contract-a", "contract-b"
DEVICES = {A, B}
NEWS = "?utm_source=newsletter&utm_medium=email&utm_campaign=october"


def rows() -> list[dict]:
    """The contract folder's events."""
    return [
        contract_row(
            "c-1",
            "page_view",
            at(DAY1, "12:00:00"),
            anonymous_id=A,
            page_url=f"{SHOP}/p/wool-socks{NEWS}",
            device_category="desktop",
        ),
        contract_row(
            "c-2",
            "purchase",
            at(DAY1, "12:05:00"),
            anonymous_id=A,
            page_url=f"{SHOP}/checkout",
            device_category="desktop",
            properties={"order_id": "C-1", "value": 25, "currency": "EUR"},
        ),
        contract_row(
            "c-3",
            "page_view",
            at(DAY2, "15:00:00"),
            anonymous_id=B,
            page_url=f"{SHOP}/pricing",
            device_category="mobile",
        ),
    ]


def write(landing: Path, folder: str = "events") -> list[dict]:
    """Land the contract folder's files; return its rows."""
    landed = rows()
    for day in (DAY1, DAY2):
        name = f"received_date={day.isoformat()}/part-0.parquet"
        write_contract(
            landing / folder / name, [r for r in landed if r["event_at"][:10] == str(day)]
        )
    return landed


EXPECTED = {
    "sessions": {DAY1: 1, DAY2: 1},
    "sessions_by_collector": 2,
    # /p/wool-socks, the purchase (25 EUR), /pricing.
    "goal_hits": {"view_product": 1, "purchase": 1, "view_pricing": 1},
    "purchase_value": 25.0,
    # contract-a enters at the product page; the purchase without steps 2 and 3 is not step 4.
    "funnel_steps": {1: 1},
    "last_touch": {"Email": (1.0, 25.0)},
    "engagement_seconds": {},
    "rows_in_files": {DAY1: 2, DAY2: 1},
    "quarantined": {},
}
