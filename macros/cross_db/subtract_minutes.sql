{#- `timestamp_expression` minus `minutes_expression` minutes (an integer; negative adds). -#}
{% macro subtract_minutes(timestamp_expression, minutes_expression) %}
    {{ return(adapter.dispatch('subtract_minutes', 'conversion_warehouse')(
        timestamp_expression, minutes_expression
    )) }}
{% endmacro %}

{% macro default__subtract_minutes(timestamp_expression, minutes_expression) %}
    ({{ timestamp_expression }} - make_dt_interval(0, 0, {{ minutes_expression }}, 0))
{% endmacro %}

{% macro duckdb__subtract_minutes(timestamp_expression, minutes_expression) %}
    ({{ timestamp_expression }} - to_minutes({{ minutes_expression }}))
{% endmacro %}
