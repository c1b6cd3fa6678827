{#-
    Deletes the rows of table `relation` for which the SQL condition `condition` is true (rows
    where it is false or null stay), as a hook statement. Engines whose tables take DELETE run
    it; Spark's file-format (Parquet) tables do not, so there the table is rewritten without
    those rows (one full pass over the table) and a no-op statement is returned to the hook.
-#}
{% macro delete_rows(relation, condition) %}
    {{ return(adapter.dispatch('delete_rows', 'conversion_warehouse')(relation, condition)) }}
{% endmacro %}

{% macro default__delete_rows(relation, condition) %}
    delete from {{ relation }} where {{ condition }}
{% endmacro %}

{% macro spark__delete_rows(relation, condition) %}
    {%- if execute -%}
        {%- do spark__rewrite_table(
            relation,
            'select * from ' ~ relation ~ ' where coalesce(not (' ~ condition ~ '), true)'
        ) -%}
    {%- endif -%}
    select 1 as rows_deleted_by_rewrite
{% endmacro %}

{#-
    Spark: replaces the table `relation` by the result of `select_sql` (which may read
    `relation` itself): the result is written to a new Parquet table first, then swapped in.
-#}
{% macro spark__rewrite_table(relation, select_sql) %}
    {%- set staged = relation.incorporate(path={'identifier': relation.identifier ~ '__dbt_rewrite'}) -%}
    {%- do run_query('drop table if exists ' ~ staged) -%}
    {%- do run_query('create table ' ~ staged ~ ' using parquet as ' ~ select_sql) -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- do run_query('alter table ' ~ staged ~ ' rename to ' ~ relation) -%}
{% endmacro %}
