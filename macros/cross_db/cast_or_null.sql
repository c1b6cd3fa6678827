{#-
    `expression` cast to `data_type`, or null when it does not convert (dbt's own safe_cast is a
    plain cast on DuckDB, which fails the whole query on one bad value).
-#}
{% macro cast_or_null(expression, data_type) %}
    {{ return(adapter.dispatch('cast_or_null', 'conversion_warehouse')(expression, data_type)) }}
{% endmacro %}

{% macro default__cast_or_null(expression, data_type) %}
    try_cast({{ expression }} as {{ data_type }})
{% endmacro %}
