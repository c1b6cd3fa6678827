"""The text shapes of :mod:`tools.benchmark.collector_shapes`: Snowplow's TSV, Segment's JSON.

Snowplow: the 131 fields of the enriched event (docs/collectors.md, "Snowplow enriched
events"), a page view as ``page_view``, every other event self-describing (``unstruct``) with
the properties as its data, the web page entity in ``contexts``. Segment: a ``page`` message per
page view, a ``track`` message per other event (the e-commerce spec's names where the adapter
maps them back), as its S3 destination writes them.
"""

from __future__ import annotations

from tools.benchmark.collector_sql import (
    PAGE_HOST,
    PAGE_PATH,
    PAGE_QUERY,
    SEGMENT_EVENTS,
    SNOWPLOW_TSV_FIELDS,
    case_of,
    uuid_of,
)


def _snowplow_time(typed: str, landed: str) -> str:
    """Snowplow's timestamp text (UTC, milliseconds); the landed text when it is none."""
    return f"coalesce(strftime({typed}, '%Y-%m-%d %H:%M:%S.%g'), {landed})"


def snowplow_select() -> str:
    """The 131 fields of Snowplow's enriched event TSV per landed row, and ``received_date``."""
    schema = "iglu:com.snowplowanalytics.snowplow"
    unstruct = (
        f'\'{{"schema":"{schema}/unstruct_event/jsonschema/1-0-0","data":'
        '{"schema":"iglu:com.example-shop/\' || event_name || \'/jsonschema/1-0-0","data":\''
        " || coalesce(properties_object, '{}') || '}}'"
    )
    contexts = (
        f'\'{{"schema":"{schema}/contexts/jsonschema/1-0-0","data":[{{"schema":'
        f'"{schema}/web_page/jsonschema/1-0-0","data":{{"id":"\' || '
        + uuid_of("concat_ws('|', anonymous_id, page_view_ts)")
        + " || '\"}}]}'"
    )
    kind = "regexp_extract(click_id, '^([a-z]+)=', 1)"
    fields = {
        "app_id": "'shop'",
        "platform": "'web'",
        "etl_tstamp": _snowplow_time("received_ts", "received_at"),
        "collector_tstamp": _snowplow_time("received_ts", "received_at"),
        "dvce_created_tstamp": _snowplow_time("event_ts", "event_at"),
        "event": "case when event_name = 'page_view' then 'page_view'"
        " when event_name is not null then 'unstruct' end",
        "event_id": "event_id",
        "name_tracker": "'sp'",
        "v_tracker": "'js-3.24.0'",
        "v_collector": "'ssc-3.2.0-kinesis'",
        "v_etl": "'snowplow-enrich-kinesis-4.1.0'",
        "user_id": "user_id",
        "user_ipaddress": "ip_address",
        "domain_userid": "anonymous_id",
        "domain_sessionidx": "session_number",
        "network_userid": uuid_of("anonymous_id"),
        "geo_country": "country",
        "page_url": "page_url",
        "page_title": "page_title",
        "page_referrer": "referrer_url",
        "page_urlscheme": "regexp_extract(page_url, '^([A-Za-z]+)://', 1)",
        "page_urlhost": PAGE_HOST,
        "page_urlpath": PAGE_PATH,
        "page_urlquery": PAGE_QUERY,
        "refr_urlhost": r"regexp_extract(referrer_url, '^[A-Za-z]+://([^/?#:]+)', 1)",
        "mkt_medium": "utm_medium",
        "mkt_source": "utm_source",
        "mkt_term": "utm_term",
        "mkt_content": "utm_content",
        "mkt_campaign": "utm_campaign",
        "contexts": contexts,
        "unstruct_event": f"case when event_name != 'page_view' then {unstruct} end",
        "useragent": "user_agent",
        "br_lang": "'en-US'",
        "br_cookies": "'1'",
        "br_colordepth": "'24'",
        "os_timezone": "'Europe/Berlin'",
        "dvce_type": case_of(
            "device_category", {"desktop": "Computer", "mobile": "Mobile", "tablet": "Tablet"}
        ),
        "dvce_ismobile": "case when device_category in ('mobile', 'tablet') then 1"
        " when device_category is not null then 0 end",
        "doc_charset": "'UTF-8'",
        "mkt_clickid": "case when click_id like '%=%' then substr(click_id, strpos(click_id, '=')"
        " + 1) else click_id end",
        "mkt_network": f"case when click_id is null then null when {kind} = 'msclkid'"
        f" then 'Microsoft' when {kind} = 'dclid' then 'DoubleClick' when {kind} = 'fbclid'"
        " then 'Facebook' else 'Google' end",
        "dvce_sent_tstamp": _snowplow_time("event_ts", "event_at"),
        "domain_sessionid": uuid_of("concat_ws('|', anonymous_id, session_start_ts)"),
        "derived_tstamp": _snowplow_time("event_ts", "event_at"),
        "event_vendor": "case when event_name = 'page_view' then 'com.snowplowanalytics.snowplow'"
        " else 'com.example-shop' end",
        "event_name": "event_name",
        "event_format": "'jsonschema'",
        "event_version": "'1-0-0'",
    }
    columns = [
        f"regexp_replace(cast({fields[name]} as varchar), '[\\t\\n\\r]', ' ', 'g') as {name}"
        if name in fields
        else f"cast(null as varchar) as {name}"
        for name in SNOWPLOW_TSV_FIELDS
    ]
    return f"select {', '.join(columns)}, received_date from events"


def _iso(typed: str, landed: str) -> str:
    """Segment's ISO 8601 text (UTC, milliseconds); the landed text when it is none."""
    return f"coalesce(strftime({typed}, '%Y-%m-%dT%H:%M:%S.%gZ'), {landed})"


def segment_select() -> str:
    """One Segment S3 message (page or track) per landed row, and ``received_date``."""
    title_cased = (
        "array_to_string(list_transform(string_split(event_name, '_'),"
        " word -> upper(word[1]) || word[2:]), ' ')"
    )
    page_type = "case when event_name = 'page_view' then 'page' when event_name is not null"
    utm = "coalesce(utm_source, utm_medium, utm_campaign, utm_term, utm_content)"
    return f"""
        select to_json({{
            'type': {page_type} then 'track' end,
            'event': case when event_name != 'page_view'
                then {case_of("event_name", SEGMENT_EVENTS, title_cased)} end,
            'messageId': event_id,
            'anonymousId': anonymous_id,
            'userId': user_id,
            'timestamp': {_iso("event_ts", "event_at")},
            'originalTimestamp': {_iso("event_ts", "event_at")},
            'sentAt': {_iso("event_ts", "event_at")},
            'receivedAt': {_iso("received_ts", "received_at")},
            'context': {{
                'page': {{'path': {PAGE_PATH}, 'referrer': referrer_url,
                    'search': {PAGE_QUERY}, 'title': page_title, 'url': page_url}},
                'campaign': case when {utm} is not null then {{'source': utm_source,
                    'medium': utm_medium, 'name': utm_campaign, 'term': utm_term,
                    'content': utm_content}} end,
                'userAgent': user_agent,
                'ip': ip_address,
                'location': {{'country': country}},
                'library': {{'name': 'analytics.js', 'version': 'next-1.70.0'}},
                'locale': 'en-US'
            }},
            'properties': case when event_name = 'page_view' then json_object('path', {PAGE_PATH},
                'referrer', referrer_url, 'title', page_title, 'url', page_url)
                else json(properties_object) end,
            'integrations': json('{{}}'),
            'channel': 'client',
            'version': 2
        }}) as message, received_date
        from events
    """
