{#- Seconds (with microsecond precision, as a double) from timestamp `start_at` to `end_at`. -#}
{% macro seconds_between(start_at, end_at) %}
    {{ return(adapter.dispatch('seconds_between', 'conversion_warehouse')(start_at, end_at)) }}
{% endmacro %}

{% macro default__seconds_between(start_at, end_at) %}
    ((unix_micros({{ end_at }}) - unix_micros({{ start_at }})) / 1000000.0)
{% endmacro %}

{% macro duckdb__seconds_between(start_at, end_at) %}
    ((epoch_us({{ end_at }}) - epoch_us({{ start_at }})) / 1000000.0)
{% endmacro %}
