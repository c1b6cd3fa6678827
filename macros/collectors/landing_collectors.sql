{#-
    The event folders under the landing path and the kind of each, from var `collectors` (a
    mapping folder -> kind) or, when set, the environment variable CW_COLLECTORS
    (`folder:kind,folder:kind`). Kinds: contract, ga4, snowplow, segment (docs/collectors.md).
-#}
{% macro landing_collectors() %}
    {%- set configured = env_var('CW_COLLECTORS', '') or var('collectors') -%}
    {%- set collectors = {} -%}
    {%- if configured is string -%}
        {%- for pair in configured.split(',') if pair.strip() -%}
            {%- set parts = pair.split(':') -%}
            {%- do collectors.update({parts[0].strip(): (parts[1] if parts | length > 1 else '').strip()}) -%}
        {%- endfor -%}
    {%- else -%}
        {%- do collectors.update(configured) -%}
    {%- endif -%}
    {%- for folder, kind in collectors.items() -%}
        {%- if kind not in ('contract', 'ga4', 'snowplow', 'segment') -%}
            {{ exceptions.raise_compiler_error(
                'collectors: folder "' ~ folder ~ '" has kind "' ~ kind
                ~ '"; the kinds are contract, ga4, snowplow and segment (docs/collectors.md)'
            ) }}
        {%- endif -%}
        {%- if not folder or '/' in folder or "'" in folder or folder in ('spend', '..', '.') -%}
            {{ exceptions.raise_compiler_error(
                'collectors: "' ~ folder ~ '" is not a folder name under the landing path'
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(collectors) }}
{% endmacro %}

{#-
    Every field of a collector's row an adapter reads (macros/collectors/), as JSON paths from
    the row's top: the reader extracts them all at once into the list `fields` (parsing the row
    once), and `collector_field` picks one by its place. A field a row lacks is null.
-#}
{% macro collector_paths() %}
    {{ return((
        'event_id event_name event_timestamp user_pseudo_id user_id event_bundle_sequence_id '
        ~ 'batch_page_id batch_ordering_id batch_event_index event_params ecommerce.transaction_id '
        ~ 'ecommerce.purchase_revenue device.category device.operating_system '
        ~ 'device.web_info.browser geo.country collected_traffic_source.manual_source '
        ~ 'collected_traffic_source.manual_medium collected_traffic_source.manual_campaign_name '
        ~ 'collected_traffic_source.manual_term collected_traffic_source.manual_content '
        ~ 'collected_traffic_source.gclid collected_traffic_source.dclid event se_action se_category '
        ~ 'se_label se_property se_value derived_tstamp collector_tstamp domain_userid '
        ~ 'network_userid domain_sessionid page_url page_title page_referrer mkt_source mkt_medium '
        ~ 'mkt_campaign mkt_term mkt_content mkt_clickid mkt_network dvce_type dvce_ismobile '
        ~ 'useragent user_ipaddress geo_country tr_orderid tr_total tr_currency unstruct_event '
        ~ 'contexts type messageId message_id id timestamp receivedAt received_at anonymousId '
        ~ 'anonymous_id userId context.page.url context_page_url url context.page.title '
        ~ 'context_page_title title context.page.referrer context_page_referrer referrer '
        ~ 'context.campaign.source context_campaign_source context.campaign.medium '
        ~ 'context_campaign_medium context.campaign.name context_campaign_name context.campaign.term '
        ~ 'context_campaign_term context.campaign.content context_campaign_content context.userAgent '
        ~ 'context_user_agent context.ip context_ip context.location.country '
        ~ 'context_location_country properties'
    ).split(' ')) }}
{% endmacro %}

{#- One field of a collector's row (a path of collector_paths) as text, '' as null. -#}
{% macro collector_field(path) %}
    {%- set paths = collector_paths() -%}
    {%- if path not in paths -%}
        {{ exceptions.raise_compiler_error('collector_field: "' ~ path ~ '" is not in collector_paths()') }}
    {%- endif -%}
    nullif(fields[{{ paths.index(path) + 1 }}], '')
{% endmacro %}

{#- The first of several fields that is not null. -#}
{% macro collector_first_field(paths) %}
    coalesce(
        {%- for path in paths %}
            {{ collector_field(path) }}{{ ',' if not loop.last }}
        {%- endfor %}
    )
{% endmacro %}

{#-
    A timestamp a collector wrote (text or a typed value through to_json) as the contract's
    text: a bare `+00` offset (DuckDB's timestamptz text) becomes `+00:00`.
-#}
{% macro collector_timestamp_text(expression) %}
    regexp_replace({{ expression }}, '([+-][0-9]{2})$', '\1:00')
{% endmacro %}

{#-
    A JSON object of (key, expression) pairs, the null ones left out; null when all are null.
    Each expression is written once.
-#}
{% macro json_object_of_present(pairs) %}
    nullif(
        '{' || array_to_string(list_transform(list_filter([
            {%- for key, expression in pairs %}
                {'key': '{{ key }}', 'value': to_json({{ expression }})}
                {{- ',' if not loop.last }}
            {%- endfor %}
        ], pair -> pair.value is not null), pair -> to_json(pair.key) || ':' || pair.value), ',') || '}',
        '{}'
    )
{% endmacro %}

{#- Two JSON objects (text) merged, the second's keys winning; null when both are null or empty.
    Each argument is written once. -#}
{% macro json_merge_objects(first, second) %}
    nullif(
        cast(json_merge_patch(coalesce({{ first }}, '{}'), coalesce({{ second }}, '{}')) as varchar),
        '{}'
    )
{% endmacro %}
