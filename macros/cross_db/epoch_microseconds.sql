{#- Microseconds since 1970-01-01 00:00:00 of timestamp `at` (a bigint, exact). -#}
{% macro epoch_microseconds(at) %}
    {{ return(adapter.dispatch('epoch_microseconds', 'conversion_warehouse')(at)) }}
{% endmacro %}

{% macro default__epoch_microseconds(at) %}unix_micros({{ at }}){% endmacro %}

{% macro duckdb__epoch_microseconds(at) %}epoch_us({{ at }}){% endmacro %}
