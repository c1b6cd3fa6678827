{#-
    Creates (or refreshes) the relation `landing.raw_spend` that the dbt source `landing.spend`
    points at: every CSV file under `<landing_path>/spend/` (daily exports of ad platforms, or
    the sample generator's), columns spend_date, channel, campaign, spend as text, plus
    `landed_file`. Without such files the relation is empty. Runs as an on-run-start hook.
-#}
{% macro create_landed_spend_relation() %}
    {{ return(adapter.dispatch('create_landed_spend_relation', 'conversion_warehouse')()) }}
{% endmacro %}

{% macro default__create_landed_spend_relation() %}
    {{ exceptions.raise_compiler_error(
        'create_landed_spend_relation has no implementation for adapter ' ~ adapter.type()
    ) }}
{% endmacro %}

{% macro duckdb__create_landed_spend_relation() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set pattern = var('landing_path') ~ '/spend/*.csv' -%}
    {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')") -%}
    {%- set columns = ['spend_date', 'channel', 'campaign', 'spend'] -%}
    create schema if not exists landing;
    create or replace view landing.raw_spend as
    {% if found.columns[0].values()[0] > 0 -%}
    select
        {% for column in columns -%}
        cast({{ column }} as varchar) as {{ column }},
        {% endfor -%}
        cast(filename as varchar) as landed_file
    from read_csv(
        '{{ pattern }}', header = true, all_varchar = true, union_by_name = true,
        filename = true
    )
    {%- else -%}
    select
        {% for column in columns -%}
        cast(null as varchar) as {{ column }},
        {% endfor -%}
        cast(null as varchar) as landed_file
    where false
    {%- endif %};
{% endmacro %}

{#- Spark: an external CSV table over `<landing_path>/spend/*.csv` (header columns, all text). -#}
{% macro spark__create_landed_spend_relation() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set columns = ['spend_date', 'channel', 'campaign', 'spend'] -%}
    {%- do run_query('create schema if not exists landing') -%}
    {%- do run_query('drop table if exists landing.raw_spend_csv') -%}
    {%- do run_query(
        "create table landing.raw_spend_csv (" ~ columns | join(' string, ') ~ " string)"
        ~ " using csv options (path '" ~ spark__absolute_path(var('landing_path'))
        ~ "/spend', pathGlobFilter '*.csv',"
        ~ " header 'true', escape '\"', enforceSchema 'false')"
    ) -%}
    create or replace view landing.raw_spend as
    select
        {% for column in columns -%}
        {{ column }},
        {% endfor -%}
        '{{ var('landing_path') }}/spend/' || regexp_extract(_metadata.file_path, '/([^/]+)$', 1)
            as landed_file
    from landing.raw_spend_csv
{% endmacro %}
