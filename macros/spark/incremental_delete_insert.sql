{#-
    dbt-spark accepts only append / merge (Delta, Iceberg, Hudi) / insert_overwrite / microbatch.
    These overrides (root-project macros of the same name win over the adapter's) add
    `delete+insert` for Parquet tables: the table is rewritten as its rows whose unique_key is not
    among the new rows', plus the new rows, in one query (so a model that reads {{ this }} sees
    the table as it was, as with DuckDB's delete+insert), then swapped in.
-#}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) %}
    {%- set accepted = ['append', 'merge', 'insert_overwrite', 'microbatch', 'delete+insert'] -%}
    {%- if raw_strategy not in accepted -%}
        {%- do exceptions.raise_compiler_error(
            'Invalid incremental strategy provided: ' ~ raw_strategy ~ '; expected one of '
            ~ accepted | join(', ')
        ) -%}
    {%- endif -%}
    {%- if raw_strategy == 'merge' and file_format not in ['delta', 'iceberg', 'hudi'] -%}
        {%- do exceptions.raise_compiler_error(
            'merge needs file_format delta, iceberg or hudi, not ' ~ file_format
        ) -%}
    {%- endif -%}
    {%- do return(raw_strategy) -%}
{% endmacro %}

{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) %}
    {%- if strategy == 'delete+insert' -%}
        {%- if not unique_key -%}
            {%- do exceptions.raise_compiler_error('delete+insert needs a unique_key') -%}
        {%- endif -%}
        {%- set keys = [unique_key] if unique_key is string else unique_key -%}
        {%- set columns = adapter.get_columns_in_relation(target) | map(attribute='quoted') | join(', ') -%}
        {%- set matches = [] -%}
        {%- for key in keys -%}
            {%- do matches.append('kept.' ~ key ~ ' = new_rows.' ~ key) -%}
        {%- endfor -%}
        {%- do spark__rewrite_table(target,
            'select ' ~ columns ~ ' from ' ~ target ~ ' as kept left anti join ' ~ source
            ~ ' as new_rows on ' ~ matches | join(' and ')
            ~ ' union all select ' ~ columns ~ ' from ' ~ source
        ) -%}
        select 1 as rows_replaced_by_rewrite
    {%- elif strategy == 'append' -%}
        {{ get_insert_into_sql(source, target) }}
    {%- elif strategy in ('insert_overwrite', 'microbatch') -%}
        {{ get_insert_overwrite_sql(source, target, existing) }}
    {%- elif strategy == 'merge' -%}
        {{ get_merge_sql(target, source, unique_key, dest_columns=none, incremental_predicates=incremental_predicates) }}
    {%- endif -%}
{% endmacro %}
