{#-
    A condition: in an incremental run, is `key_column` one of the keys of the batch model
    `batch_model` (the devices or persons the run rebuilds)? Always true on a full build and in
    dbt unit tests (which build models from scratch). The ref is taken whenever a model is
    parsed, so the batch model always runs first.

    `rebuilt_by_batch`: the model read, when it is itself rebuilt by key from the same batch
    model (it deletes and rewrites the batch's keys). When it was rebuilt in the batch's
    invocation, the condition also asks for its rows of that build's stamp (`built_at`), so
    that the scan skips the row groups of older rows instead of reading the whole history
    (macros/incremental/build_stamp.sql). The key condition stays: the stamp only narrows it.
-#}
{% macro in_batch_keys(key_column, batch_model, batch_key_column=none, rebuilt_by_batch=none) %}
    {%- if model.resource_type == 'unit_test' -%}
        true
    {%- else -%}
        {%- set batch = ref(batch_model) -%}
        {%- if is_incremental() -%}
            {%- set stamp = rebuilt_rows_stamp(rebuilt_by_batch, batch_model)
                if rebuilt_by_batch else none -%}
            {%- set qualifier = key_column.rpartition('.')[0] -%}
            {%- set stamp_test = (qualifier ~ '.' if qualifier else '') ~ "built_at = cast('"
                ~ stamp ~ "' as timestamp) and " if stamp is not none else '' -%}
            ({{ stamp_test }}{{ key_column }} in (
                select {{ batch_key_column or key_column }} from {{ batch }}
            ))
        {%- else -%}
            true
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
