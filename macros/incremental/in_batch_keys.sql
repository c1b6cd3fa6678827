{#-
    A condition: in an incremental run, is `key_column` one of the keys of the batch model
    `batch_model` (the devices or persons the run rebuilds)? Always true on a full build and in
    dbt unit tests (which build models from scratch). The ref is taken whenever a model is
    parsed, so the batch model always runs first.
-#}
{% macro in_batch_keys(key_column, batch_model, batch_key_column=none) %}
    {%- if model.resource_type == 'unit_test' -%}
        true
    {%- else -%}
        {%- set batch = ref(batch_model) -%}
        {%- if is_incremental() -%}
            {{ key_column }} in (select {{ batch_key_column or key_column }} from {{ batch }})
        {%- else -%}
            true
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
