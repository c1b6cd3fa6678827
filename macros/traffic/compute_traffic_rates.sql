{#-
    The rate and cost columns of a traffic quality mart, from its count columns (those of
    int_traffic_sessions_counted) and spend: bot_share over every session, the other rates over
    human sessions, costs over engaged and micro-converting human sessions.
-#}
{% macro compute_traffic_rates() -%}
    cast(bot_sessions as double) / nullif(sessions, 0) as bot_share,
    cast(engaged_sessions as double) / nullif(human_sessions, 0) as engaged_session_rate,
    1 - cast(engaged_sessions as double) / nullif(human_sessions, 0) as bounce_rate,
    cast(page_views as double) / nullif(human_sessions, 0) as pages_per_session,
    duration_seconds / nullif(human_sessions, 0) as engagement_seconds_per_session,
    collector_engagement_seconds / nullif(collector_engaged_time_sessions, 0)
        as collector_engagement_seconds_per_session,
    cast(micro_conversion_sessions as double) / nullif(human_sessions, 0)
        as micro_conversion_rate,
    cast(macro_conversion_sessions as double) / nullif(human_sessions, 0)
        as macro_conversion_rate,
    human_sessions - new_sessions as returning_sessions,
    cast(new_sessions as double) / nullif(human_sessions, 0) as new_session_rate,
    spend / nullif(engaged_sessions, 0) as cost_per_engaged_session,
    spend / nullif(micro_conversion_sessions, 0) as cost_per_micro_conversion
{%- endmacro %}
