{#- The value at top-level key `key_expression` of the JSON object text, as text (null if absent). -#}
{% macro json_extract_text(json_expression, key_expression) %}
    {{ return(adapter.dispatch('json_extract_text', 'conversion_warehouse')(
        json_expression, key_expression
    )) }}
{% endmacro %}

{% macro default__json_extract_text(json_expression, key_expression) %}
    get_json_object({{ json_expression }}, concat('$.', {{ key_expression }}))
{% endmacro %}

{% macro duckdb__json_extract_text(json_expression, key_expression) %}
    json_extract_string({{ json_expression }}, concat('$.', {{ key_expression }}))
{% endmacro %}
