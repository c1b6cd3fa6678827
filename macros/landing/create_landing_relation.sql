{#-
    Creates (or refreshes) the relation `landing.raw_events` that the dbt source
    `landing.events` points at: every landed file under `<landing_path>/events/received_date=*/`,
    Parquet, JSON lines and CSV alike, every column as text, plus `received_date` (from the Hive
    partition) and `landed_file`. Runs as an on-run-start hook so newly landed files and new
    formats are always seen.
-#}
{% macro create_landing_relation() %}
    {{ return(adapter.dispatch('create_landing_relation', 'conversion_warehouse')()) }}
{% endmacro %}

{% macro default__create_landing_relation() %}
    {{ exceptions.raise_compiler_error(
        'create_landing_relation has no implementation for adapter ' ~ adapter.type()
    ) }}
{% endmacro %}

{% macro duckdb__create_landing_relation() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set root = var('landing_path') ~ '/events/received_date=*/' -%}
    {%- set formats = {
        'parquet': "read_parquet('" ~ root ~ "*.parquet', hive_partitioning = true,"
            ~ " union_by_name = true, filename = true)",
        'jsonl': "read_json('" ~ root ~ "*.jsonl', format = 'newline_delimited',"
            ~ " hive_partitioning = true, filename = true, columns = "
            ~ landing_json_columns() ~ ")",
        'csv': "read_csv('" ~ root ~ "*.csv', header = true, all_varchar = true,"
            ~ " hive_partitioning = true, union_by_name = true, filename = true)",
    } -%}
    {%- set found = run_query(
        "select lower(regexp_extract(file, '\\.([A-Za-z]+)$', 1)) as ext, count(*) as files"
        ~ " from glob('" ~ root ~ "*') group by 1"
    ) -%}
    {%- set present = found.columns[0].values() | list -%}
    {%- set readers = [] -%}
    {%- for ext, reader in formats.items() if ext in present -%}
        {%- do readers.append('select * from ' ~ reader) -%}
    {%- endfor -%}
    {%- set columns = [] -%}
    {%- set empty_columns = [] -%}
    {%- for column in landing_columns() -%}
        {%- do columns.append('cast(' ~ column ~ ' as varchar) as ' ~ column) -%}
        {%- do empty_columns.append('cast(null as varchar) as ' ~ column) -%}
    {%- endfor -%}
    {#- The empty typed relation first: a column missing from every file becomes null. -#}
    {%- do readers.insert(0, 'select ' ~ empty_columns | join(', ')
        ~ ', cast(null as date) as received_date, cast(null as varchar) as filename where false') -%}
    create schema if not exists landing;
    create or replace view landing.raw_events as
    select
        {{ columns | join(',\n        ') }},
        cast(received_date as date) as received_date,
        cast(filename as varchar) as landed_file
    from (
        {{ readers | join('\n        union all by name\n        ') }}
    ) as landed;
{% endmacro %}
