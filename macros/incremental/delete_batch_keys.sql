{#-
    Pre-hook of an incremental model rebuilt per key (a device, a person): deletes the rows of
    every key listed in the batch model `batch_model`, so that the model's new rows for those keys
    replace them (keys left with no row, such as a person whose only device moved to another
    person, are emptied too). Nothing on a full build.
-#}
{% macro delete_batch_keys(key_column, batch_model, batch_key_column=none) %}
    {%- if is_incremental() -%}
        {{ delete_rows(this, key_column ~ ' in (select ' ~ (batch_key_column or key_column)
            ~ ' from ' ~ ref(batch_model) ~ ')') }}
    {%- else -%}
        select 1 as nothing_to_delete
    {%- endif -%}
{% endmacro %}
