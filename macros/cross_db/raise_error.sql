{#- An expression that fails the query with the text `message_expression` when evaluated. -#}
{% macro raise_error(message_expression) %}
    {{ return(adapter.dispatch('raise_error', 'conversion_warehouse')(message_expression)) }}
{% endmacro %}

{% macro default__raise_error(message_expression) %}
    raise_error({{ message_expression }})
{% endmacro %}

{% macro duckdb__raise_error(message_expression) %}
    error({{ message_expression }})
{% endmacro %}
