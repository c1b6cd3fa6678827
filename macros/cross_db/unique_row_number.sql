{#-
    A bigint unique to each row of the statement that computes it, computed in parallel (no
    sort, no single partition). DuckDB: the next value of the sequence
    `landing.landed_row_numbers` (created by the landing hook, landing_files_tables_ddl; its
    values are never reused); `row_number() over ()` made stg_landing__landed_rows slower at
    1 million events (decision 0024). Spark: `monotonically_increasing_id()`.
-#}
{% macro unique_row_number() %}
    {{ return(adapter.dispatch('unique_row_number', 'conversion_warehouse')()) }}
{% endmacro %}

{% macro default__unique_row_number() %}row_number() over (){% endmacro %}

{% macro duckdb__unique_row_number() %}nextval('landing.landed_row_numbers'){% endmacro %}

{% macro spark__unique_row_number() %}monotonically_increasing_id(){% endmacro %}
