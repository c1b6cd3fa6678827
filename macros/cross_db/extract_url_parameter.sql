{#- The decoded value of query parameter `parameter` in URL `url_expression`, null if absent. -#}
{% macro extract_url_parameter(url_expression, parameter) %}
    {{ decode_url_component(
        "nullif(regexp_extract(" ~ url_expression ~ ", '[?&]" ~ parameter ~ "=([^&#]*)', 1), '')"
    ) }}
{% endmacro %}
