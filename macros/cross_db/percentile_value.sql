{#- Aggregate: the continuous `fraction` percentile (0.5 = median) of `expression`. -#}
{% macro percentile_value(expression, fraction) %}
    {{ return(adapter.dispatch('percentile_value', 'conversion_warehouse')(expression, fraction)) }}
{% endmacro %}

{% macro default__percentile_value(expression, fraction) %}
    percentile({{ expression }}, {{ fraction }})
{% endmacro %}

{% macro duckdb__percentile_value(expression, fraction) %}
    quantile_cont({{ expression }}, {{ fraction }})
{% endmacro %}
