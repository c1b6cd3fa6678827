{#-
    on-run-end: empties each journal of `batch_models` (incremental batch models that keep the
    keys of runs that did not finish: int_devices_affected_for_goals, int_persons_before_stitching)
    once this `dbt run` / `dbt build` built it and every incremental model downstream of it with
    success: those store rows per key of the batch; the tables downstream are rebuilt whole from
    them, in this invocation or the next (Dagster's received-day step builds every incremental
    model, its all-time reports step the rest). A run killed midway, a failed or skipped model,
    or a selection that left one of those incremental models out keeps the journal, so the next
    run rebuilds those keys again (docs/decisions/0027, 0029).
-#}
{% macro clear_finished_batch(results, batch_models) %}
    {#- An --empty run (every model built on no rows) rebuilt no key: the journals stay. -#}
    {%- if not execute or flags.WHICH not in ['build', 'run'] or flags.EMPTY -%}
        {{ return('') }}
    {%- endif -%}
    {%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | list -%}
    {%- set succeeded = results | selectattr('status', 'equalto', 'success')
        | map(attribute='node.unique_id') | list -%}
    {%- for batch_model in batch_models -%}
        {%- set batch_id = 'model.' ~ project_name ~ '.' ~ batch_model -%}
        {#- The models downstream of the batch model: grown one pass at a time (at most one pass
            per model) until a pass adds none. -#}
        {%- set downstream = [batch_id] -%}
        {%- set state = namespace(grown=true) -%}
        {%- for _ in models if state.grown -%}
            {%- set state.grown = false -%}
            {%- for node in models if node.unique_id not in downstream -%}
                {%- for parent in node.depends_on.nodes
                    if parent in downstream and node.unique_id not in downstream -%}
                    {%- do downstream.append(node.unique_id) -%}
                    {%- set state.grown = true -%}
                {%- endfor -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set missing = models | selectattr('unique_id', 'in', downstream)
            | selectattr('config.materialized', 'equalto', 'incremental')
            | map(attribute='unique_id') | reject('in', succeeded) | list -%}
        {%- if missing -%}
            {%- if batch_id in succeeded -%}
                {{ log('Batch journal ' ~ batch_model ~ ' kept for the next run: '
                    ~ missing | length ~ ' incremental model(s) reading it were not built ('
                    ~ missing[:3] | join(', ') ~ ').', info=True) }}
            {%- endif -%}
        {%- else -%}
            {%- set relation = existing_model_relation(batch_model) -%}
            {%- if relation -%}
                {%- do run_query(delete_rows(relation, 'true')) -%}
                {{ log('Batch journal ' ~ batch_model
                    ~ ' emptied: the run built all that reads it.') }}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
