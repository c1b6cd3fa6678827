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

{#-
    Spark: one external table per file kind over the whole events folder (recursive listing,
    filtered by extension), each with an explicit all-text schema for Parquet and JSON lines (a
    column missing from a file reads as null; a JSON object or array value comes back as its JSON
    text), and the header's columns for CSV. A permanent view unions them and takes
    received_date from the Hive folder name and landed_file from the file's path
    (`_metadata.file_path`, written as DuckDB lists it: the landing path as configured, then
    `events/received_date=.../<file>`). Spark runs one statement per call, so every statement but the last
    runs here and the last is returned to the hook.
-#}
{% macro spark__create_landing_relation() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set root = spark__absolute_path(var('landing_path')) ~ '/events' -%}
    {%- set text_schema = [] -%}
    {%- for column in landing_columns() -%}
        {%- do text_schema.append(column ~ ' string') -%}
    {%- endfor -%}
    {%- do run_query('create schema if not exists landing') -%}
    {%- do run_query('drop table if exists landing.raw_events_files') -%}
    {%- do run_query(
        "create table landing.raw_events_files using binaryFile options (path '" ~ root
        ~ "', recursiveFileLookup 'true')"
    ) -%}
    {%- set found = run_query(
        "select distinct lower(regexp_extract(path, '\\\\.([A-Za-z]+)$', 1)) as ext"
        ~ " from landing.raw_events_files where path rlike '/received_date=[^/]+/[^/]+$'"
    ) -%}
    {%- set present = found.columns[0].values() | list -%}
    {%- set readers = [] -%}
    {%- for ext in ['parquet', 'jsonl', 'csv'] -%}
        {%- set table = 'landing.raw_events_' ~ ext -%}
        {%- do run_query('drop table if exists ' ~ table) -%}
        {%- if ext in present -%}
            {%- set options = "path '" ~ root ~ "', recursiveFileLookup 'true',"
                ~ " pathGlobFilter '*." ~ ext ~ "'" -%}
            {%- if ext == 'csv' -%}
                {#- Columns from the header (all text): CSV maps an explicit schema by position. -#}
                {%- do run_query('create table ' ~ table ~ " using csv options (" ~ options
                    ~ ", header 'true', escape '\"', multiLine 'true')") -%}
                {%- set have = adapter.get_columns_in_relation(
                    api.Relation.create(schema='landing', identifier='raw_events_csv')
                ) | map(attribute='name') | map('lower') | list -%}
            {%- else -%}
                {%- do run_query('create table ' ~ table ~ ' (' ~ text_schema | join(', ')
                    ~ ') using ' ~ ('json' if ext == 'jsonl' else ext) ~ ' options (' ~ options
                    ~ ')') -%}
                {%- set have = landing_columns() -%}
            {%- endif -%}
            {%- set columns = [] -%}
            {%- for column in landing_columns() -%}
                {%- do columns.append(('cast(' ~ column ~ ' as string)' if column in have
                    else 'cast(null as string)') ~ ' as ' ~ column) -%}
            {%- endfor -%}
            {%- do readers.append('select ' ~ columns | join(', ')
                ~ ", cast(regexp_extract(_metadata.file_path, 'received_date=([^/]+)/', 1) as date)"
                ~ " as received_date, '" ~ var('landing_path') ~ "/events/' || regexp_extract("
                ~ "_metadata.file_path, '/events/(received_date=[^/]+/[^/]+)$', 1) as landed_file"
                ~ ' from ' ~ table) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not readers -%}
        {%- set columns = [] -%}
        {%- for column in landing_columns() -%}
            {%- do columns.append('cast(null as string) as ' ~ column) -%}
        {%- endfor -%}
        {%- do readers.append('select ' ~ columns | join(', ') ~ ', cast(null as date) as'
            ~ ' received_date, cast(null as string) as landed_file where false') -%}
    {%- endif -%}
    create or replace view landing.raw_events as
    {{ readers | join('\n    union all\n    ') }}
{% endmacro %}

{#-
    Spark resolves a relative table location against its warehouse directory: a relative path is
    taken relative to the working directory of the Spark driver (dbt's, in the session method).
-#}
{% macro spark__absolute_path(path) %}
    {%- if path.startswith('/') or ':' in path -%}{{ return(path) }}{%- endif -%}
    {%- set cwd = run_query(
        "select reflect('java.lang.System', 'getProperty', 'user.dir')"
    ).columns[0].values()[0] -%}
    {{ return(cwd ~ '/' ~ path) }}
{% endmacro %}
