{#-
    The keyword, placed between `as` and the parenthesis of a CTE, that makes the engine compute
    the CTE once instead of inlining it into its reader. DuckDB needs it for a long chain of
    CTEs each built on the previous one (planning time otherwise grows exponentially with the
    chain); engines that plan such chains well get nothing.
-#}
{% macro materialize_cte() %}
    {{ return(adapter.dispatch('materialize_cte', 'conversion_warehouse')()) }}
{% endmacro %}

{% macro default__materialize_cte() %}{% endmacro %}

{% macro duckdb__materialize_cte() %}materialized{% endmacro %}
