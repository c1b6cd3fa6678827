{#-
    Snowplow enriched events (docs/collectors.md, "Snowplow enriched events"): one event with
    the atomic field names (its `fields`, macro collector_paths; a TSV line is read with the 131
    names) -> the contract's columns. `collector_snowplow_prelude` parses the self-describing
    JSON fields (text in the TSV, text or an object elsewhere) and builds `properties`.
-#}
{% macro collector_snowplow_prelude() %}
    {%- set unstruct = collector_field('unstruct_event') -%}
    {%- set contexts = collector_field('contexts') -%}
    {%- set unstruct_data -%}
        case when json_valid({{ unstruct }}) then json_extract({{ unstruct }}, '$.data.data') end
    {%- endset -%}
    {%- set web_page_id -%}
        list_filter(
            from_json(
                case when json_valid({{ contexts }}) then json_extract({{ contexts }}, '$.data') end,
                '[{"schema": "VARCHAR", "data": "JSON"}]'
            ),
            entity -> entity.schema like 'iglu:com.snowplowanalytics.snowplow/web_page/%'
        )[1].data ->> 'id'
    {%- endset -%}
    {%- set own = json_object_of_present([
        ('se_category', collector_field('se_category')),
        ('se_label', collector_field('se_label')),
        ('se_property', collector_field('se_property')),
        ('se_value', collector_field('se_value')),
        ('order_id', collector_field('tr_orderid')),
        ('value', collector_field('tr_total')),
        ('currency', collector_field('tr_currency')),
        ('page_view_id', web_page_id),
    ]) -%}
    {{ json_merge_objects(
        "case when json_type(" ~ unstruct_data ~ ") = 'OBJECT' then cast(" ~ unstruct_data
            ~ " as varchar) end",
        own
    ) }} as properties_object
{% endmacro %}

{% macro collector_snowplow_columns() %}
    {%- set event = "lower(" ~ collector_field('event') ~ ")" -%}
    {%- set click_id = collector_field('mkt_clickid') -%}
    {%- set device_type = "lower(" ~ collector_field('dvce_type') ~ ")" -%}
    {{ return({
        'event_id': collector_field('event_id'),
        'event_name': "case " ~ event ~ " when 'struct' then " ~ collector_field('se_action')
            ~ " when 'transaction' then 'purchase' else coalesce("
            ~ collector_field('event_name') ~ ", " ~ collector_field('event') ~ ") end",
        'event_at': collector_timestamp_text(collector_first_field(['derived_tstamp', 'collector_tstamp'])),
        'received_at': collector_timestamp_text(collector_field('collector_tstamp')),
        'anonymous_id': collector_first_field(['domain_userid', 'network_userid']),
        'user_id': collector_field('user_id'),
        'page_url': collector_field('page_url'),
        'page_title': collector_field('page_title'),
        'referrer_url': collector_field('page_referrer'),
        'utm_source': collector_field('mkt_source'),
        'utm_medium': collector_field('mkt_medium'),
        'utm_campaign': collector_field('mkt_campaign'),
        'utm_term': collector_field('mkt_term'),
        'utm_content': collector_field('mkt_content'),
        'click_id': "case when " ~ click_id ~ " is not null then (case lower("
            ~ collector_field('mkt_network') ~ ") when 'microsoft' then 'msclkid='"
            ~ " when 'doubleclick' then 'dclid=' when 'facebook' then 'fbclid='"
            ~ " else 'gclid=' end) || " ~ click_id ~ " end",
        'device_category': "case " ~ device_type ~ " when 'computer' then 'desktop'"
            ~ " when 'mobile' then 'mobile' when 'tablet' then 'tablet' else case when lower("
            ~ collector_field('dvce_ismobile') ~ ") in ('1', 'true') then 'mobile' end end",
        'user_agent': collector_field('useragent'),
        'ip_address': collector_field('user_ipaddress'),
        'country': collector_field('geo_country'),
        'properties': 'properties_object',
        'collector_session_id': collector_field('domain_sessionid'),
        'engagement_time_msec': 'null',
        'session_engaged': 'null',
    }) }}
{% endmacro %}

{#- The 131 fields of Snowplow's enriched event TSV, in order (its canonical event model). -#}
{% macro snowplow_tsv_fields() %}
    {{ return((
        'app_id platform etl_tstamp collector_tstamp dvce_created_tstamp event event_id txn_id'
        ~ ' name_tracker v_tracker v_collector v_etl user_id user_ipaddress user_fingerprint'
        ~ ' domain_userid domain_sessionidx network_userid geo_country geo_region geo_city'
        ~ ' geo_zipcode geo_latitude geo_longitude geo_region_name ip_isp ip_organization'
        ~ ' ip_domain ip_netspeed page_url page_title page_referrer page_urlscheme page_urlhost'
        ~ ' page_urlport page_urlpath page_urlquery page_urlfragment refr_urlscheme refr_urlhost'
        ~ ' refr_urlport refr_urlpath refr_urlquery refr_urlfragment refr_medium refr_source'
        ~ ' refr_term mkt_medium mkt_source mkt_term mkt_content mkt_campaign contexts'
        ~ ' se_category se_action se_label se_property se_value unstruct_event tr_orderid'
        ~ ' tr_affiliation tr_total tr_tax tr_shipping tr_city tr_state tr_country ti_orderid'
        ~ ' ti_sku ti_name ti_category ti_price ti_quantity pp_xoffset_min pp_xoffset_max'
        ~ ' pp_yoffset_min pp_yoffset_max useragent br_name br_family br_version br_type'
        ~ ' br_renderengine br_lang br_features_pdf br_features_flash br_features_java'
        ~ ' br_features_director br_features_quicktime br_features_realplayer'
        ~ ' br_features_windowsmedia br_features_gears br_features_silverlight br_cookies'
        ~ ' br_colordepth br_viewwidth br_viewheight os_name os_family os_manufacturer'
        ~ ' os_timezone dvce_type dvce_ismobile dvce_screenwidth dvce_screenheight doc_charset'
        ~ ' doc_width doc_height tr_currency tr_total_base tr_tax_base tr_shipping_base'
        ~ ' ti_currency ti_price_base base_currency geo_timezone mkt_clickid mkt_network'
        ~ ' etl_tags dvce_sent_tstamp refr_domain_userid refr_device_tstamp derived_contexts'
        ~ ' domain_sessionid derived_tstamp event_vendor event_name event_format event_version'
        ~ ' event_fingerprint true_tstamp'
    ).split(' ')) }}
{% endmacro %}
