{#- Percent-decodes a URL component (`+` stays as is); malformed escapes give the input back. -#}
{% macro decode_url_component(expression) %}
    {{ return(adapter.dispatch('decode_url_component', 'conversion_warehouse')(expression)) }}
{% endmacro %}

{% macro default__decode_url_component(expression) %}
    coalesce(try_url_decode({{ expression }}), {{ expression }})
{% endmacro %}

{% macro duckdb__decode_url_component(expression) %}
    coalesce(try(url_decode({{ expression }})), {{ expression }})
{% endmacro %}
