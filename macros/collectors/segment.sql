{#-
    Segment (docs/collectors.md, "Segment"): one message (its `fields`, macro collector_paths),
    in the S3 shape (`messageId`, `context.page.url`) or a warehouse table's (`message_id`,
    `context_page_url`) -> the contract's columns. `collector_segment_prelude` finds the message type (the `type`
    field, else the table the file belongs to: pages, tracks, identifies, screens in its path)
    and the properties object (an object, or JSON text in a warehouse column).
-#}
{% macro collector_segment_prelude() %}
    coalesce(
        lower({{ collector_field('type') }}),
        case regexp_extract(
            lower(landed_file), '(^|/)(pages|tracks|identifies|screens)([._/-][^/]*)?$', 2
        )
            when 'pages' then 'page'
            when 'tracks' then 'track'
            when 'identifies' then 'identify'
            when 'screens' then 'screen'
        end
    ) as message_type,
    {%- set properties = collector_field('properties') %}
    case
        when json_valid({{ properties }}) and json_type({{ properties }}) = 'OBJECT'
            then {{ properties }}
    end as properties_object
{% endmacro %}

{#- Segment's e-commerce spec events (slugs) -> the names the shipped goals use. -#}
{% macro segment_spec_event_names() %}
    {{ return({
        'product_viewed': 'view_item',
        'product_added': 'add_to_cart',
        'product_removed': 'remove_from_cart',
        'checkout_started': 'begin_checkout',
        'order_completed': 'purchase',
        'product_added_to_wishlist': 'wishlist_add',
        'products_searched': 'search',
    }) }}
{% endmacro %}

{% macro collector_segment_columns() %}
    {%- set slug -%}
        nullif(trim(regexp_replace(lower({{ collector_field('event') }}), '[^a-z0-9]+', '_', 'g'), '_'), '')
    {%- endset -%}
    {%- set track_name -%}
        case {{ slug }}
            {%- for spec, name in segment_spec_event_names().items() %}
            when '{{ spec }}' then '{{ name }}'
            {%- endfor %}
            else {{ slug }}
        end
    {%- endset -%}
    {%- set property = "json_extract_string(properties_object, '$.{key}')" -%}
    {%- set value_fill = json_object_of_present([
        ('value', "coalesce(properties_object -> '$.revenue', properties_object -> '$.total')"),
    ]) -%}
    {{ return({
        'event_id': collector_first_field(['messageId', 'message_id', 'id']),
        'event_name': "case when message_type = 'page' then 'page_view'"
            ~ " when message_type = 'screen' then 'screen_view'"
            ~ " when message_type = 'identify' then 'identify'"
            ~ " when message_type = 'track' or (message_type is null and "
            ~ collector_field('event') ~ " is not null) then " ~ track_name
            ~ " else message_type end",
        'event_at': collector_timestamp_text(collector_field('timestamp')),
        'received_at': collector_timestamp_text(
            collector_first_field(['receivedAt', 'received_at', 'timestamp'])),
        'anonymous_id': collector_first_field(['anonymousId', 'anonymous_id']),
        'user_id': collector_first_field(['userId', 'user_id']),
        'page_url': "coalesce(" ~ collector_first_field(['context.page.url', 'context_page_url'])
            ~ ", " ~ property.replace('{key}', 'url') ~ ", " ~ collector_field('url') ~ ")",
        'page_title': "coalesce("
            ~ collector_first_field(['context.page.title', 'context_page_title'])
            ~ ", " ~ property.replace('{key}', 'title') ~ ", " ~ collector_field('title') ~ ")",
        'referrer_url': "coalesce("
            ~ collector_first_field(['context.page.referrer', 'context_page_referrer'])
            ~ ", " ~ property.replace('{key}', 'referrer') ~ ", "
            ~ collector_field('referrer') ~ ")",
        'utm_source': collector_first_field(['context.campaign.source', 'context_campaign_source']),
        'utm_medium': collector_first_field(['context.campaign.medium', 'context_campaign_medium']),
        'utm_campaign': collector_first_field(['context.campaign.name', 'context_campaign_name']),
        'utm_term': collector_first_field(['context.campaign.term', 'context_campaign_term']),
        'utm_content': collector_first_field(['context.campaign.content', 'context_campaign_content']),
        'click_id': 'null',
        'device_category': 'null',
        'user_agent': collector_first_field(['context.userAgent', 'context_user_agent']),
        'ip_address': collector_first_field(['context.ip', 'context_ip']),
        'country': collector_first_field(['context.location.country', 'context_location_country']),
        'properties': json_merge_objects(value_fill, 'properties_object'),
        'collector_session_id': 'null',
        'engagement_time_msec': 'null',
        'session_engaged': 'null',
    }) }}
{% endmacro %}
