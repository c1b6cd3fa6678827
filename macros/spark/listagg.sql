{#-
    Overrides dbt-spark's listagg, which drops the order by (collect_list + array_join, with a
    warning): Spark 4 has the standard `listagg(...) within group (order by ...)`.
-#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error('listagg limit_num is not implemented on Spark') }}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }})
    {%- if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endmacro %}
