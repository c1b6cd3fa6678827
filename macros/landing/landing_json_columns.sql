{#- The landing columns as a DuckDB read_json `columns` struct, every one text. -#}
{% macro landing_json_columns() %}
    {%- set pairs = [] -%}
    {%- for column in landing_columns() -%}
        {%- do pairs.append("'" ~ column ~ "': 'VARCHAR'") -%}
    {%- endfor -%}
    {{- return('{' ~ pairs | join(', ') ~ '}') -}}
{% endmacro %}
