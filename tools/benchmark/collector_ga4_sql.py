"""The GA4 shape of :mod:`tools.benchmark.collector_shapes`: a row of GA4's BigQuery export.

Nested as the export is (``event_params`` key / value records, ``device``, ``geo``,
``collected_traffic_source``, ``ecommerce``); the adapter's mapping (docs/collectors.md, "GA4
BigQuery export") read backwards.
"""

from __future__ import annotations

from tools.benchmark.collector_sql import COUNTRY_NAMES, PAGE_HOST, case_of

NUMBER_TYPES = "('UBIGINT', 'BIGINT', 'DOUBLE')"


def _ga4_param(key: str, text: str = "null", integer: str = "null", double: str = "null") -> str:
    return (
        f"{{'key': {key}, 'value': {{'string_value': cast({text} as varchar),"
        f" 'int_value': cast({integer} as bigint), 'float_value': cast(null as double),"
        f" 'double_value': cast({double} as double)}}}}"
    )


def ga4_select() -> str:
    """One row of GA4's BigQuery export per landed row, and its table's day (``export_day``)."""
    entry_type = "json_type(entry.value)"
    from_properties = (
        "list_transform(list_filter(map_entries(from_json(properties_object,"
        " '\"MAP(VARCHAR, JSON)\"')), entry -> coalesce(json_type(entry.value), 'NULL') != 'NULL'),"
        " entry -> "
        + _ga4_param(
            "case entry.key when 'order_id' then 'transaction_id' else entry.key end",
            text=f"case when {entry_type} not in {NUMBER_TYPES} then entry.value ->> '$' end",
            integer=f"case when {entry_type} in ('UBIGINT', 'BIGINT')"
            " then try_cast(entry.value ->> '$' as bigint) end",
            double=f"case when {entry_type} = 'DOUBLE' then entry.value ->> '$' end",
        )
        + ")"
    )
    params = [
        _ga4_param("'page_location'", text="page_url"),
        _ga4_param("'page_title'", text="page_title"),
        _ga4_param("'page_referrer'", text="referrer_url"),
        _ga4_param("'ga_session_id'", integer="epoch(session_start_ts)"),
        _ga4_param("'ga_session_number'", integer="session_number"),
    ]
    present = (
        "param -> param.value.string_value is not null or param.value.int_value is not null"
        " or param.value.double_value is not null"
    )
    user_agent = "coalesce(user_agent, '')"
    operating_system = (
        f"case when {user_agent} like '%Windows%' then 'Windows'"
        f" when {user_agent} similar to '.*(iPhone|iPad).*' then 'iOS'"
        f" when {user_agent} like '%Android%' then 'Android'"
        f" when {user_agent} like '%Macintosh%' then 'Macintosh'"
        f" when {user_agent} like '%Linux%' then 'Linux' end"
    )
    browser = (
        f"case when {user_agent} like '%Edg/%' then 'Edge'"
        f" when {user_agent} like '%SamsungBrowser%' then 'Samsung Internet'"
        f" when {user_agent} like '%Firefox%' then 'Firefox'"
        f" when {user_agent} like '%Chrome%' then 'Chrome'"
        f" when {user_agent} like '%Safari%' then 'Safari' end"
    )
    text = "cast(null as varchar)"
    return f"""
        select
            strftime(received_date, '%Y%m%d') as export_day,
            strftime(event_ts, '%Y%m%d') as event_date,
            epoch_us(event_ts) as event_timestamp,
            event_name,
            list_filter([{", ".join(params)}] || coalesce({from_properties}, []), {present})
                as event_params,
            cast(null as bigint) as event_previous_timestamp,
            cast(null as double) as event_value_in_usd,
            cast(hash(event_id) % 9223372036854775807 as bigint) as event_bundle_sequence_id,
            cast(null as bigint) as event_server_timestamp_offset,
            user_id,
            anonymous_id as user_pseudo_id,
            {{'analytics_storage': 'Yes', 'ads_storage': 'Yes', 'uses_transient_token': 'No'}}
                as privacy_info,
            cast([] as struct(key varchar, value struct(string_value varchar, int_value bigint,
                float_value double, double_value double, set_timestamp_micros bigint))[])
                as user_properties,
            cast(null as bigint) as user_first_touch_timestamp,
            {{'category': device_category, 'mobile_brand_name': {text},
                'operating_system': {operating_system}, 'language': 'en-us',
                'is_limited_ad_tracking': 'No', 'web_info': {{'browser': {browser},
                'browser_version': {text}, 'hostname': {PAGE_HOST}}}}} as device,
            {{'city': {text}, 'country': {case_of("country", COUNTRY_NAMES, "country")},
                'continent': {text}, 'region': {text}, 'sub_continent': {text},
                'metro': {text}}} as geo,
            {{'name': '(direct)', 'medium': '(none)', 'source': '(direct)'}} as traffic_source,
            '1234567890' as stream_id,
            'WEB' as platform,
            case when json_extract_string(properties_object, '$.order_id') is not null then {{
                'purchase_revenue': try_cast(
                    json_extract_string(properties_object, '$.value') as double),
                'unique_items': cast(null as bigint),
                'transaction_id': json_extract_string(properties_object, '$.order_id')
            }} end as ecommerce,
            cast([] as struct(item_id varchar, item_name varchar, price double,
                quantity bigint)[]) as items,
            {{'manual_campaign_id': {text}, 'manual_campaign_name': utm_campaign,
                'manual_source': utm_source, 'manual_medium': utm_medium,
                'manual_term': utm_term, 'manual_content': utm_content,
                'gclid': case when click_id not like '%=%' then click_id
                    when click_id like 'gclid=%' then substr(click_id, 7) end,
                'dclid': case when click_id like 'dclid=%' then substr(click_id, 7) end
            }} as collected_traffic_source,
            true as is_active_user,
            cast(null as bigint) as batch_event_index,
            cast(null as bigint) as batch_page_id,
            cast(null as bigint) as batch_ordering_id
        from events
    """
