{#-
    Two select columns, quality_class and quality_reason, from a row's sessions (bots included),
    bot_share, engaged_session_rate and pages_per_session (both over human sessions). The first
    rule that holds wins (docs/rules.md: Traffic quality):
    insufficient_data, suspect (bots, then engagement), shallow (engagement, then pages), engaged.
-#}
{% macro classify_traffic_quality(
    sessions='sessions',
    bot_share='bot_share',
    engaged_rate='engaged_session_rate',
    pages='pages_per_session'
) -%}
    {%- set min_sessions = var('traffic_quality_min_sessions') -%}
    {%- set suspect_bot_share = var('traffic_quality_suspect_bot_share') -%}
    {%- set suspect_engaged_rate = var('traffic_quality_suspect_engaged_rate') -%}
    {%- set shallow_engaged_rate = var('traffic_quality_shallow_engaged_rate') -%}
    {%- set shallow_pages = var('traffic_quality_shallow_pages_per_session') -%}
    {%- set text = dbt.type_string() -%}
    case
        when {{ sessions }} < {{ min_sessions }} then 'insufficient_data'
        when {{ bot_share }} >= {{ suspect_bot_share }} then 'suspect'
        when {{ engaged_rate }} <= {{ suspect_engaged_rate }} then 'suspect'
        when {{ engaged_rate }} < {{ shallow_engaged_rate }} then 'shallow'
        when {{ pages }} < {{ shallow_pages }} then 'shallow'
        else 'engaged'
    end as quality_class,
    {%- set sessions_text = 'cast(' ~ sessions ~ ' as ' ~ text ~ ')' -%}
    {%- set bots_text = 'cast(round(' ~ bot_share ~ ', 3) as ' ~ text ~ ')' -%}
    {%- set engaged_text = 'cast(round(' ~ engaged_rate ~ ', 3) as ' ~ text ~ ')' -%}
    {%- set pages_text = 'cast(round(' ~ pages ~ ', 2) as ' ~ text ~ ')' %}
    case
        when {{ sessions }} < {{ min_sessions }} then {{ dbt.concat([
            sessions_text,
            "' sessions < " ~ min_sessions ~ " (traffic_quality_min_sessions)'",
        ]) }}
        when {{ bot_share }} >= {{ suspect_bot_share }} then {{ dbt.concat([
            "'bot share '",
            bots_text,
            "' >= " ~ suspect_bot_share ~ " (traffic_quality_suspect_bot_share)'",
        ]) }}
        when {{ engaged_rate }} <= {{ suspect_engaged_rate }} then {{ dbt.concat([
            "'engaged rate '",
            engaged_text,
            "' <= " ~ suspect_engaged_rate ~ " (traffic_quality_suspect_engaged_rate)'",
        ]) }}
        when {{ engaged_rate }} < {{ shallow_engaged_rate }} then {{ dbt.concat([
            "'engaged rate '",
            engaged_text,
            "' < " ~ shallow_engaged_rate ~ " (traffic_quality_shallow_engaged_rate)'",
        ]) }}
        when {{ pages }} < {{ shallow_pages }} then {{ dbt.concat([
            "'pages per session '",
            pages_text,
            "' < " ~ shallow_pages ~ " (traffic_quality_shallow_pages_per_session)'",
        ]) }}
        else {{ dbt.concat([
            "'no rule fired: bot share '",
            bots_text,
            "', engaged rate '",
            engaged_text,
            "', pages per session '",
            pages_text,
        ]) }}
    end as quality_reason
{%- endmacro %}
