{#-
    Pre-hook of an incremental model rebuilt per key (a device, a person): deletes the rows of
    every key listed in the batch model `batch_model`, so that the model's new rows for those keys
    replace them (keys left with no row, such as a person whose only device moved to another
    person, are emptied too). Nothing on a full build. A table built by an older version without
    the key column (a model that became incremental) stops the run with the full-refresh advice,
    before the delete would fail on the missing column.
-#}
{% macro delete_batch_keys(key_column, batch_model, batch_key_column=none) %}
    {%- if is_incremental() -%}
        {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name')
            | map('lower') | list -%}
        {%- if key_column | lower not in existing -%}
            {{ exceptions.raise_compiler_error(
                this ~ ' has no column ' ~ key_column ~ ': it was built by an older version of'
                ~ ' the project. Run a full refresh once: DBT_PROFILES_DIR=. .venv/bin/dbt build'
                ~ ' --full-refresh'
            ) }}
        {%- endif -%}
        {{ delete_rows(this, key_column ~ ' in (select ' ~ (batch_key_column or key_column)
            ~ ' from ' ~ ref(batch_model) ~ ')') }}
    {%- else -%}
        select 1 as nothing_to_delete
    {%- endif -%}
{% endmacro %}
