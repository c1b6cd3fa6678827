{#- True when the text `expression` is valid JSON whose top level is an object; never errors. -#}
{% macro is_json_object(expression) %}
    {{ return(adapter.dispatch('is_json_object', 'conversion_warehouse')(expression)) }}
{% endmacro %}

{% macro default__is_json_object(expression) %}
    coalesce(
        ltrim({{ expression }}) like concat(chr(123), '%')
        and from_json({{ expression }}, 'map<string,string>') is not null,
        false
    )
{% endmacro %}

{% macro duckdb__is_json_object(expression) %}
    coalesce(
        json_type(case when json_valid({{ expression }}) then {{ expression }} end) = 'OBJECT',
        false
    )
{% endmacro %}
