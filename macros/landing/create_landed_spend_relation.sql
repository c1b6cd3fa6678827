{#-
    Creates (or refreshes) the relation `landing.raw_spend` that the dbt source `landing.spend`
    points at: every CSV file under `<landing_path>/spend/` (daily exports of ad platforms, or
    the sample generator's), the columns of landed_spend_columns as text (matched by name; one
    that a file lacks, such as the optional currency, is null), `extra_fields` (the fields of a
    row beyond its header, comma-separated; null when none) and `landed_file`. Without such
    files the relation is empty. Runs as an on-run-start hook.
-#}
{% macro create_landed_spend_relation() %}
    {{ return(adapter.dispatch('create_landed_spend_relation', 'conversion_warehouse')()) }}
{% endmacro %}

{% macro default__create_landed_spend_relation() %}
    {{ exceptions.raise_compiler_error(
        'create_landed_spend_relation has no implementation for adapter ' ~ adapter.type()
    ) }}
{% endmacro %}

{#-
    DuckDB: the files unioned by name. Rows with fewer fields than their header are padded with
    nulls; fields beyond the header (null_padding names them column<n>; without it the sniffer
    takes such a row for the header and the file reads empty) come back as extra_fields.
-#}
{% macro duckdb__create_landed_spend_relation() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set pattern = var('landing_path') ~ '/spend/*.csv' -%}
    {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')") -%}
    {%- set columns = landed_spend_columns() -%}
    {%- set reader = "read_csv('" ~ pattern ~ "', header = true, all_varchar = true,"
        ~ " union_by_name = true, null_padding = true, filename = true)" -%}
    {%- set extras = [] -%}
    {%- if found.columns[0].values()[0] > 0 -%}
        {%- for row in run_query('describe select * from ' ~ reader) -%}
            {%- if modules.re.match('^column[0-9]+$', row[0]) and row[0] not in columns -%}
                {%- do extras.append(row[0]) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    create schema if not exists landing;
    create or replace view landing.raw_spend as
    select
        {% for column in columns -%}
        cast({{ column }} as varchar) as {{ column }},
        {% endfor -%}
        {% if extras -%}
        nullif(concat_ws(',', {{ extras | join(', ') }}), '') as extra_fields,
        {%- else -%}
        cast(null as varchar) as extra_fields,
        {%- endif %}
        cast(filename as varchar) as landed_file
    from (
        {#- The empty typed relation first: a column missing from every file becomes null. #}
        select
            {% for column in columns -%}
            cast(null as varchar) as {{ column }},
            {% endfor -%}
            cast(null as varchar) as filename
        where false
        {%- if found.columns[0].values()[0] > 0 %}
        union all by name
        select * from {{ reader }}
        {%- endif %}
    ) as landed;
{% endmacro %}

{#-
    Spark: CSV maps a table's schema onto a file by position, and one table's files may have
    different headers (currency is optional, columns may come in any order). So the files are
    listed first (binaryFile) with their header line; per distinct header, one CSV table over
    the folder with that header's columns, of which the view takes the rows of the files that
    have that header (`_metadata.file_path`, encoded alike in both listings). A known column
    missing from a header reads as null; up to five fields beyond the header are read into
    extra columns and come back as extra_fields (more are dropped, the row is flagged anyway).
-#}
{% macro spark__create_landed_spend_relation() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set folder = spark__absolute_path(var('landing_path')) ~ '/spend' -%}
    {%- set columns = landed_spend_columns() -%}
    {%- do run_query('create schema if not exists landing') -%}
    {%- for row in run_query("show tables in landing like 'raw_spend_*'") -%}
        {%- do run_query('drop table if exists landing.' ~ row[1]) -%}
    {%- endfor -%}
    {%- do run_query(
        "create table landing.raw_spend_files using binaryFile options (path '" ~ folder
        ~ "', pathGlobFilter '*.csv')"
    ) -%}
    {#- the first line, lower-cased, without quotes, spaces, carriage return or byte-order mark -#}
    {%- set listing -%}
        select
            _metadata.file_path as file_path,
            lower(regexp_replace(
                substring_index(cast(content as string), '\n', 1), '[\r" \ufeff]', ''
            )) as header
        from landing.raw_spend_files
        order by header, file_path
    {%- endset -%}
    {%- set files_by_header = {} -%}
    {%- for row in run_query(listing) -%}
        {%- do files_by_header.setdefault(row[1], []).append(row[0]) -%}
    {%- endfor -%}
    {%- set readers = [] -%}
    {%- for header, files in files_by_header.items() -%}
        {%- set table = 'landing.raw_spend_csv_' ~ loop.index -%}
        {%- set names = [] -%}
        {%- for name in header.split(',') -%}
            {%- do names.append(name if modules.re.match('^[a-z_][a-z0-9_]*$', name)
                and name not in names else '_c' ~ loop.index) -%}
        {%- endfor -%}
        {%- set extras = [] -%}
        {%- for number in range(1, 6) -%}
            {%- do extras.append('_extra_field_' ~ number) -%}
        {%- endfor -%}
        {%- do run_query(
            'create table ' ~ table ~ ' (' ~ (names + extras) | join(' string, ') ~ ' string)'
            ~ " using csv options (path '" ~ folder ~ "', pathGlobFilter '*.csv',"
            ~ " header 'true', escape '\"', enforceSchema 'true')"
        ) -%}
        {%- set selected = [] -%}
        {%- for column in columns -%}
            {%- do selected.append((column if column in names else 'cast(null as string)')
                ~ ' as ' ~ column) -%}
        {%- endfor -%}
        {%- set quoted = [] -%}
        {%- for file in files -%}
            {%- do quoted.append("'" ~ spark__escape_single_quotes(file) ~ "'") -%}
        {%- endfor -%}
        {%- do selected.append("nullif(concat_ws(',', " ~ extras | join(', ')
            ~ "), '') as extra_fields") -%}
        {%- do readers.append(
            'select ' ~ selected | join(', ') ~ ", '" ~ var('landing_path')
            ~ "/spend/' || regexp_extract(_metadata.file_path, '/([^/]+)$', 1) as landed_file"
            ~ ' from ' ~ table ~ ' where _metadata.file_path in (' ~ quoted | join(', ') ~ ')'
        ) -%}
    {%- endfor -%}
    {%- if not readers -%}
        {%- set selected = [] -%}
        {%- for column in columns -%}
            {%- do selected.append('cast(null as string) as ' ~ column) -%}
        {%- endfor -%}
        {%- do readers.append('select ' ~ selected | join(', ')
            ~ ', cast(null as string) as extra_fields, cast(null as string) as landed_file'
            ~ ' where false') -%}
    {%- endif -%}
    create or replace view landing.raw_spend as
    {{ readers | join('\n    union all\n    ') }}
{% endmacro %}
