{#-
    The stamp every row written by this dbt invocation carries in column `built_at`: the
    invocation's start (`run_started_at`, UTC), the same in every statement of the run (build
    buckets and hooks included). The models rebuilt by device or person that a later model of
    the same batch reads write it on every row (an incremental run writes only the batch's), and
    so do the batch models that name those devices or persons; the later reader then finds the
    rebuilt rows by the stamp (`rebuilt_rows_stamp`, `in_batch_keys`).
-#}
{% macro build_stamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}

{#-
    The stamp of the rows `stamped_model` rebuilt for the batch in `batch_model`, or none when
    they cannot be told apart by it. `stamped_model` must be rebuilt by key from that same batch
    (its pre-hook `delete_batch_keys` names `batch_model`): anything else stops the build, since
    its rows of the batch's keys need not carry the batch's stamp. Both tables carry `built_at`;
    when the latest stamp of the model equals the batch's, the model was written in the same
    invocation as the batch, after it (it refs it): it deleted every key of the batch and wrote
    their rows again with that stamp, so its rows with that stamp hold every row of the batch's
    keys (all its rows, when that invocation built it whole). Otherwise (a selection that ran
    the batch and not the model, an empty batch or model, a table built by a version without
    the column) none, and the reader reads by key alone. Stored tables append in order, so
    DuckDB skips the row groups that hold only older stamps by their min / max (zone maps); read
    by key alone, every row of the columns read is scanned
    (docs/decisions/0030-reads-by-build-stamp.md).
-#}
{% macro rebuilt_rows_stamp(stamped_model, batch_model) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ stamped_model) -%}
    {%- set hooks = (node.config['pre-hook'] if node else []) | map(attribute='sql') | join(' ') -%}
    {%- if "delete_batch_keys(" not in hooks or "'" ~ batch_model ~ "'" not in hooks -%}
        {{ exceptions.raise_compiler_error(
            'rebuilt_by_batch=' ~ stamped_model ~ ': that model is not rebuilt by key from '
            ~ batch_model ~ ' (its pre-hook delete_batch_keys must name it), so its rows of'
            ~ " the batch need not carry the batch's build stamp"
        ) }}
    {%- endif -%}
    {%- set relations = [ref(stamped_model), ref(batch_model)] -%}
    {%- for relation in relations -%}
        {%- set existing = adapter.get_columns_in_relation(relation) | map(attribute='name')
            | map('lower') | list -%}
        {%- if 'built_at' not in existing -%}
            {{ return(none) }}
        {%- endif -%}
    {%- endfor -%}
    {%- set stamps = run_query(
        'select (select cast(max(built_at) as ' ~ dbt.type_string() ~ ') from ' ~ relations[0]
        ~ ') as model_stamp, (select cast(max(built_at) as ' ~ dbt.type_string() ~ ') from '
        ~ relations[1] ~ ') as batch_stamp'
    ).rows[0] -%}
    {%- if stamps[0] is not none and stamps[0] == stamps[1] -%}
        {{ return(stamps[0]) }}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}
