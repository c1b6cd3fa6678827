"""The GA4 BigQuery export's table schema (a subset of its columns, with their real types).

As "[GA4] BigQuery Export schema" documents it: INT64 microsecond timestamps, ``event_params``
and ``user_properties`` repeated records of ``key`` and ``value`` {string_value, int_value,
float_value, double_value}, ``device`` / ``geo`` / ``traffic_source`` /
``collected_traffic_source`` / ``ecommerce`` records, ``items`` repeated.
"""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa

_VALUE = pa.struct(
    [
        ("string_value", pa.string()),
        ("int_value", pa.int64()),
        ("float_value", pa.float64()),
        ("double_value", pa.float64()),
    ]
)
_STRINGS = lambda *names: pa.struct([(name, pa.string()) for name in names])  # noqa: E731
SCHEMA = pa.schema(
    [
        ("event_date", pa.string()),
        ("event_timestamp", pa.int64()),
        ("event_name", pa.string()),
        ("event_params", pa.list_(pa.struct([("key", pa.string()), ("value", _VALUE)]))),
        ("event_previous_timestamp", pa.int64()),
        ("event_value_in_usd", pa.float64()),
        ("event_bundle_sequence_id", pa.int64()),
        ("event_server_timestamp_offset", pa.int64()),
        ("user_id", pa.string()),
        ("user_pseudo_id", pa.string()),
        ("privacy_info", _STRINGS("analytics_storage", "ads_storage", "uses_transient_token")),
        ("user_properties", pa.list_(pa.struct([("key", pa.string()), ("value", _VALUE)]))),
        ("user_first_touch_timestamp", pa.int64()),
        (
            "device",
            pa.struct(
                [
                    ("category", pa.string()),
                    ("mobile_brand_name", pa.string()),
                    ("operating_system", pa.string()),
                    ("language", pa.string()),
                    ("is_limited_ad_tracking", pa.string()),
                    ("web_info", _STRINGS("browser", "browser_version", "hostname")),
                ]
            ),
        ),
        ("geo", _STRINGS("city", "country", "continent", "region", "sub_continent", "metro")),
        ("traffic_source", _STRINGS("name", "medium", "source")),
        ("stream_id", pa.string()),
        ("platform", pa.string()),
        (
            "ecommerce",
            pa.struct(
                [
                    ("total_item_quantity", pa.int64()),
                    ("purchase_revenue_in_usd", pa.float64()),
                    ("purchase_revenue", pa.float64()),
                    ("shipping_value", pa.float64()),
                    ("tax_value", pa.float64()),
                    ("unique_items", pa.int64()),
                    ("transaction_id", pa.string()),
                ]
            ),
        ),
        (
            "items",
            pa.list_(
                pa.struct(
                    [
                        ("item_id", pa.string()),
                        ("item_name", pa.string()),
                        ("price", pa.float64()),
                        ("quantity", pa.int64()),
                    ]
                )
            ),
        ),
        (
            "collected_traffic_source",
            _STRINGS(
                "manual_campaign_id",
                "manual_campaign_name",
                "manual_source",
                "manual_medium",
                "manual_term",
                "manual_content",
                "gclid",
                "dclid",
                "srsltid",
            ),
        ),
        ("is_active_user", pa.bool_()),
        ("batch_event_index", pa.int64()),
        ("batch_page_id", pa.int64()),
        ("batch_ordering_id", pa.int64()),
    ]
)


def micros(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def params(values: dict) -> list[dict]:
    params = []
    for key, value in values.items():
        slot = dict.fromkeys(["string_value", "int_value", "float_value", "double_value"])
        kind = {str: "string_value", int: "int_value", float: "double_value"}[type(value)]
        slot[kind] = value
        params.append({"key": key, "value": slot})
    return params


def bigquery_json(value: object) -> object:
    """A value as BigQuery's JSON export writes it: INT64 as text, null fields left out."""
    if isinstance(value, dict):
        return {key: bigquery_json(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [bigquery_json(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value
