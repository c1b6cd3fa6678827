{#-
    Parses ISO-8601 text into a UTC `timestamp`: an explicit offset is converted to UTC, text
    without one is taken as UTC (the session time zone is UTC), text that does not parse is null.
-#}
{% macro parse_utc_timestamp(expression) %}
    {{ return(adapter.dispatch('parse_utc_timestamp', 'conversion_warehouse')(expression)) }}
{% endmacro %}

{% macro default__parse_utc_timestamp(expression) %}
    to_utc_timestamp(try_cast({{ expression }} as timestamp), 'UTC')
{% endmacro %}

{% macro duckdb__parse_utc_timestamp(expression) %}
    cast(timezone('UTC', try_cast({{ expression }} as timestamptz)) as timestamp)
{% endmacro %}
