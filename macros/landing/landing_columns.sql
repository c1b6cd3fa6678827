{#-
    The columns of the landing contract (README, "Use your own data"), in order; the last three
    are optional and carry what a collector knows better (docs/collectors.md).
-#}
{% macro landing_columns() %}
    {{ return([
        'event_id', 'event_name', 'event_at', 'received_at', 'anonymous_id', 'user_id',
        'page_url', 'page_title', 'referrer_url', 'utm_source', 'utm_medium', 'utm_campaign',
        'utm_term', 'utm_content', 'click_id', 'device_category', 'user_agent', 'ip_address',
        'country', 'properties', 'collector_session_id', 'engagement_time_msec',
        'session_engaged',
    ]) }}
{% endmacro %}
