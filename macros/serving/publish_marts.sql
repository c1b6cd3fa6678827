{#-
    on-run-end: publish the marts and the semantic layer's time spine (serving/publish.py, through the cw_publish_marts function of
    duckdb_plugins/publish_marts.py) after a `dbt build` or `dbt run` on DuckDB in which no node
    failed, errored or was skipped: to PostgreSQL when serving is set up (make serve), and to the
    marts-only DuckDB file. Dagster sets CW_PUBLISH_ON_RUN_END=false and publishes in its own
    asset (published_marts) instead. Nothing to do on Spark.
-#}
{% macro publish_marts(results) %}
    {%- if not execute or target.type != 'duckdb' or flags.WHICH not in ['build', 'run'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- if env_var('CW_PUBLISH_ON_RUN_END', 'true') | lower in ['false', '0', 'no', 'off'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set failed = [] -%}
    {%- for result in results if result.status in ['error', 'fail', 'runtime error', 'skipped'] -%}
        {%- do failed.append(result.node.name) -%}
    {%- endfor -%}
    {%- if failed -%}
        {{ log('Marts not published: ' ~ failed | length ~ ' node(s) failed or were skipped ('
            ~ failed[:5] | join(', ') ~ '); readers keep the last published build.', info=True) }}
        {{ return('') }}
    {%- endif -%}
    {%- set marts = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.fqn[1] in ['marts', 'semantic']
        and node.config.materialized in ['table', 'incremental'] -%}
        {%- set columns = {} -%}
        {%- for name, column in node.columns.items() -%}
            {%- do columns.update({name: column.description | trim}) -%}
        {%- endfor -%}
        {%- do marts.append({
            'schema': node.schema,
            'name': node.alias,
            'partition_by': node.config.meta.get('publish_partition_by'),
            'description': node.description | trim,
            'columns': columns,
        }) -%}
    {%- endfor -%}
    {%- set published = run_query(
        "select cw_publish_marts('" ~ (tojson(marts | sort(attribute='name')) | replace("'", "''")) ~ "')"
    ) -%}
    {{ log('Marts ' ~ published.columns[0].values()[0], info=True) }}
    {{ return('') }}
{% endmacro %}
