{#-
    GA4's BigQuery export (docs/collectors.md, "GA4 BigQuery export"): one row of the export
    (its `fields`, macro collector_paths) -> the contract's columns. `collector_ga4_prelude`
    adds `params`, the event_params as (key, text, is_text) with each value's first non-null
    field.
-#}
{% macro collector_ga4_prelude() %}
    list_transform(
        from_json(
            {{ collector_field('event_params') }},
            '[{"key": "VARCHAR", "value": {"string_value": "VARCHAR", "int_value": "VARCHAR",'
            || ' "float_value": "VARCHAR", "double_value": "VARCHAR"}}]'
        ),
        param -> {
            'key': param.key,
            'text': coalesce(
                param.value.string_value, param.value.int_value, param.value.double_value,
                param.value.float_value
            ),
            'is_text': param.value.string_value is not null
        }
    ) as params
{% endmacro %}

{#- The text of one event parameter (the first of that key). -#}
{% macro ga4_param(key) %}
    nullif(list_filter(params, param -> param.key = '{{ key }}')[1].text, '')
{% endmacro %}

{% macro collector_ga4_columns() %}
    {%- set timestamp = collector_field('event_timestamp') -%}
    {%- set event_at -%}
        case
            {# digits only: DuckDB's cast would also take `1.79e15`, `1_000` or a fraction #}
            when regexp_full_match({{ timestamp }}, '[0-9]{1,16}')
                and try_cast({{ timestamp }} as bigint) <= 4102444800000000
                then strftime(
                    make_timestamp(cast({{ timestamp }} as bigint)), '%Y-%m-%dT%H:%M:%S.%fZ'
                )
            else {{ timestamp }}
        end
    {%- endset -%}
    {%- set params_object -%}
        nullif('{' || array_to_string(list_transform(
            list_filter(params, param -> param.key is not null and param.text is not null),
            param -> to_json(param.key) || ':' || case
                when not param.is_text
                    and regexp_full_match(param.text, '-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?')
                    then param.text
                else to_json(param.text)
            end
        ), ',') || '}', '{}')
    {%- endset -%}
    {%- set fallbacks = json_object_of_present([
        ('order_id', "coalesce(" ~ collector_field('ecommerce.transaction_id') ~ ", "
            ~ ga4_param('transaction_id') ~ ")"),
        ('value', collector_field('ecommerce.purchase_revenue')),
        ('browser', collector_field('device.web_info.browser')),
        ('operating_system', collector_field('device.operating_system')),
    ]) -%}
    {{ return({
        'event_id': "'ga4-' || md5(concat_ws('|', "
            ~ "coalesce(" ~ collector_field('user_pseudo_id') ~ ", ''), "
            ~ "coalesce(" ~ timestamp ~ ", ''), "
            ~ "coalesce(" ~ collector_field('event_name') ~ ", ''), "
            ~ "coalesce(" ~ collector_field('event_bundle_sequence_id') ~ ", ''), "
            ~ "coalesce(" ~ collector_field('batch_page_id') ~ ", ''), "
            ~ "coalesce(" ~ collector_field('batch_ordering_id') ~ ", ''), "
            ~ "coalesce(" ~ collector_field('batch_event_index') ~ ", ''), "
            ~ "coalesce(" ~ collector_field('event_params') ~ ", '')))",
        'event_name': collector_field('event_name'),
        'event_at': event_at,
        'received_at': event_at,
        'anonymous_id': collector_field('user_pseudo_id'),
        'user_id': collector_field('user_id'),
        'page_url': ga4_param('page_location'),
        'page_title': ga4_param('page_title'),
        'referrer_url': ga4_param('page_referrer'),
        'utm_source': "coalesce(" ~ collector_field('collected_traffic_source.manual_source')
            ~ ", " ~ ga4_param('source') ~ ")",
        'utm_medium': "coalesce(" ~ collector_field('collected_traffic_source.manual_medium')
            ~ ", " ~ ga4_param('medium') ~ ")",
        'utm_campaign': "coalesce("
            ~ collector_field('collected_traffic_source.manual_campaign_name')
            ~ ", " ~ ga4_param('campaign') ~ ")",
        'utm_term': "coalesce(" ~ collector_field('collected_traffic_source.manual_term')
            ~ ", " ~ ga4_param('term') ~ ")",
        'utm_content': "coalesce(" ~ collector_field('collected_traffic_source.manual_content')
            ~ ", " ~ ga4_param('content') ~ ")",
        'click_id': "case when " ~ collector_field('collected_traffic_source.gclid')
            ~ " is not null then 'gclid=' || " ~ collector_field('collected_traffic_source.gclid')
            ~ " when " ~ collector_field('collected_traffic_source.dclid')
            ~ " is not null then 'dclid=' || " ~ collector_field('collected_traffic_source.dclid')
            ~ " end",
        'device_category': collector_field('device.category'),
        'user_agent': 'null',
        'ip_address': 'null',
        'country': collector_field('geo.country'),
        'properties': json_merge_objects(fallbacks, params_object),
        'collector_session_id': ga4_param('ga_session_id'),
        'engagement_time_msec': ga4_param('engagement_time_msec'),
        'session_engaged': ga4_param('session_engaged'),
    }) }}
{% endmacro %}
