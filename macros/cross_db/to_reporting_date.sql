{#- The reporting date of a UTC timestamp, in the time zone named by var `reporting_timezone`. -#}
{% macro to_reporting_date(timestamp_expression) %}
    {%- if var('reporting_timezone') | upper == 'UTC' -%}
        cast({{ timestamp_expression }} as date)
    {%- else -%}
        {{ adapter.dispatch('to_reporting_date', 'conversion_warehouse')(
            timestamp_expression, var('reporting_timezone')
        ) }}
    {%- endif -%}
{% endmacro %}

{% macro default__to_reporting_date(timestamp_expression, time_zone) %}
    cast(from_utc_timestamp({{ timestamp_expression }}, '{{ time_zone }}') as date)
{% endmacro %}

{% macro duckdb__to_reporting_date(timestamp_expression, time_zone) %}
    cast(timezone('{{ time_zone }}', {{ timestamp_expression }} at time zone 'UTC') as date)
{% endmacro %}
