"""The DuckDB SQL of :mod:`tools.benchmark.collector_shapes`: read the contract, write a shape.

``prepared_events`` adds to each landed row what the shapes need: typed timestamps, the
device's 30-minute session (its number and start, as GA4's ``ga_session_number`` /
``ga_session_id`` and Snowplow's ``domain_sessionidx`` / ``domain_sessionid``), the page view
it belongs to (Snowplow's web page entity) and its properties when they are a JSON object.
The shapes' selects are in :mod:`~tools.benchmark.collector_ga4_sql` and
:mod:`~tools.benchmark.collector_text_sql`.
"""

from __future__ import annotations

from pathlib import Path

from tools.sample_events import COLUMNS

SHAPES = ("ga4", "snowplow", "segment")
SESSION_TIMEOUT = "interval 30 minutes"
# GA4 exports the country's English name, not its ISO code (the generator's countries).
COUNTRY_NAMES = {
    "DE": "Germany",
    "FR": "France",
    "GB": "United Kingdom",
    "US": "United States",
    "NL": "Netherlands",
    "ES": "Spain",
    "IT": "Italy",
    "AT": "Austria",
    "CH": "Switzerland",
    "BE": "Belgium",
    "PL": "Poland",
    "SE": "Sweden",
}
# Our event names -> Segment's e-commerce spec (the adapter maps them back); others title-cased.
SEGMENT_EVENTS = {
    "purchase": "Order Completed",
    "add_to_cart": "Product Added",
    "remove_from_cart": "Product Removed",
    "begin_checkout": "Checkout Started",
    "view_item": "Product Viewed",
    "wishlist_add": "Product Added to Wishlist",
}
SNOWPLOW_TSV_FIELDS = (
    "app_id platform etl_tstamp collector_tstamp dvce_created_tstamp event event_id txn_id"
    " name_tracker v_tracker v_collector v_etl user_id user_ipaddress user_fingerprint"
    " domain_userid domain_sessionidx network_userid geo_country geo_region geo_city"
    " geo_zipcode geo_latitude geo_longitude geo_region_name ip_isp ip_organization"
    " ip_domain ip_netspeed page_url page_title page_referrer page_urlscheme page_urlhost"
    " page_urlport page_urlpath page_urlquery page_urlfragment refr_urlscheme refr_urlhost"
    " refr_urlport refr_urlpath refr_urlquery refr_urlfragment refr_medium refr_source"
    " refr_term mkt_medium mkt_source mkt_term mkt_content mkt_campaign contexts"
    " se_category se_action se_label se_property se_value unstruct_event tr_orderid"
    " tr_affiliation tr_total tr_tax tr_shipping tr_city tr_state tr_country ti_orderid"
    " ti_sku ti_name ti_category ti_price ti_quantity pp_xoffset_min pp_xoffset_max"
    " pp_yoffset_min pp_yoffset_max useragent br_name br_family br_version br_type"
    " br_renderengine br_lang br_features_pdf br_features_flash br_features_java"
    " br_features_director br_features_quicktime br_features_realplayer"
    " br_features_windowsmedia br_features_gears br_features_silverlight br_cookies"
    " br_colordepth br_viewwidth br_viewheight os_name os_family os_manufacturer"
    " os_timezone dvce_type dvce_ismobile dvce_screenwidth dvce_screenheight doc_charset"
    " doc_width doc_height tr_currency tr_total_base tr_tax_base tr_shipping_base"
    " ti_currency ti_price_base base_currency geo_timezone mkt_clickid mkt_network"
    " etl_tags dvce_sent_tstamp refr_domain_userid refr_device_tstamp derived_contexts"
    " domain_sessionid derived_tstamp event_vendor event_name event_format event_version"
    " event_fingerprint true_tstamp"
).split()

PAGE_PATH = r"regexp_extract(page_url, '^[A-Za-z]+://[^/?#]+([^?#]*)', 1)"
PAGE_QUERY = r"regexp_extract(page_url, '[?]([^#]*)', 1)"
PAGE_HOST = r"regexp_extract(page_url, '^[A-Za-z]+://([^/?#:]+)', 1)"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def case_of(expression: str, mapping: dict[str, str], default: str = "null") -> str:
    """``case expression when key then value ... else default end`` of a mapping of texts."""
    whens = " ".join(f"when {_quoted(key)} then {_quoted(value)}" for key, value in mapping.items())
    return f"case {expression} {whens} else {default} end"


def contract_reader(landing: Path) -> str:
    """A query of every row of ``landing/events`` (Parquet, JSON lines, CSV), columns as text."""
    events = landing / "events"
    options = "hive_partitioning = true, hive_types_autocast = false"
    text_columns = "{" + ", ".join(f"'{column}': 'VARCHAR'" for column in COLUMNS) + "}"
    readers = {
        "parquet": f"read_parquet('{events}/*/*.parquet', union_by_name = true, {options})",
        "jsonl": f"read_json('{events}/*/*.jsonl', format = 'newline_delimited',"
        f" ignore_errors = true, columns = {text_columns}, {options})",
        "csv": f"read_csv('{events}/*/*.csv', header = true, all_varchar = true,"
        f" union_by_name = true, {options})",
    }
    empty = ", ".join(f"cast(null as varchar) as {column}" for column in COLUMNS)
    parts = [f"select {empty}, cast(null as varchar) as received_date where false"]
    parts += [
        f"select * from {reader}"
        for kind, reader in readers.items()
        if next(events.glob(f"*/*.{kind}"), None) is not None
    ]
    return " union all by name ".join(parts)


def prepared_events(reader: str) -> str:
    """The landed rows with the derived columns every shape reads (the module's docstring)."""
    columns = ", ".join(f"cast({column} as varchar) as {column}" for column in COLUMNS)
    device = "partition by anonymous_id order by event_ts, event_id"
    return f"""
        with landed as (
            select {columns}, cast(received_date as date) as received_date,
                try_cast(event_at as timestamptz) as event_ts,
                try_cast(received_at as timestamptz) as received_ts,
                case when json_valid(properties) and json_type(properties) = 'OBJECT'
                    then properties end as properties_object
            from ({reader})
        ),
        gaps as (
            select *,
                case when anonymous_id is null or event_ts is null then null
                    when event_ts - lag(event_ts) over device <= {SESSION_TIMEOUT} then 0
                    else 1 end as starts_session
            from landed
            window device as ({device})
        )
        select *,
            sum(starts_session) over cumulative as session_number,
            max(case when starts_session = 1 then event_ts end) over cumulative
                as session_start_ts,
            max(case when event_name = 'page_view' then event_ts end) over cumulative
                as page_view_ts
        from gaps
        window cumulative as ({device} rows between unbounded preceding and current row)
    """


def uuid_of(expression: str) -> str:
    """A UUID-shaped text from the MD5 of ``expression`` (Snowplow's ids are UUIDs)."""
    return (
        f"regexp_replace(md5({expression}),"
        r" '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\1-\2-\3-\4-\5')"
    )
