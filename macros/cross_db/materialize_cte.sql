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

{#-
    The opposite keyword: the engine inlines the CTE into each reader instead of storing it.
    DuckDB stores a CTE that is read more than once, whole and uncompressed; for an import CTE
    over the events that is gigabytes of memory and spill at 100 million events, where reading
    the table again (only the columns each reader needs) costs little.
-#}
{% macro inline_cte() %}
    {{ return(adapter.dispatch('inline_cte', 'conversion_warehouse')()) }}
{% endmacro %}

{% macro default__inline_cte() %}{% endmacro %}

{% macro duckdb__inline_cte() %}not materialized{% endmacro %}
