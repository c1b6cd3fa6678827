{#-
    The last non-null value of `expression` over a window frame: the window clause (partition,
    order and frame) is given as text in `over`.
-#}
{% macro last_non_null_value(expression, over) %}
    {{ return(adapter.dispatch('last_non_null_value', 'conversion_warehouse')(expression, over)) }}
{% endmacro %}

{% macro default__last_non_null_value(expression, over) %}
    last({{ expression }}, true) over ({{ over }})
{% endmacro %}

{% macro duckdb__last_non_null_value(expression, over) %}
    last_value({{ expression }} ignore nulls) over ({{ over }})
{% endmacro %}
