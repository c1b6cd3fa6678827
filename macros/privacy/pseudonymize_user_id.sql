{#-
    The select-list item for `column_name` (a user id): the column as is, or, with var
    `hash_user_id`, its HMAC-SHA256 (lowercase hex) keyed with the environment variable
    CW_USER_ID_SALT, under the same name. The salt is read by the engine when the query runs,
    never by dbt: it appears in no SQL, compiled file, manifest or log, and any character in it is
    safe. An empty or unset salt fails the query naming the variable. Same value on every engine
    for the same id and salt (docs/decisions/0009-user-id-pseudonymization.md).
-#}
{% macro pseudonymize_user_id(column_name) %}
    {%- if var('hash_user_id') -%}
        {{ adapter.dispatch('pseudonymize_user_id', 'conversion_warehouse')(column_name) }}
            as {{ column_name }}
    {%- else -%}
        {{ column_name }}
    {%- endif -%}
{% endmacro %}

{% macro default__pseudonymize_user_id(column_name) %}
    {{ exceptions.raise_compiler_error(
        'var hash_user_id has no implementation for adapter ' ~ adapter.type()
    ) }}
{% endmacro %}

{#- DuckDB: the function the project's dbt-duckdb plugin registers (duckdb_plugins/). -#}
{% macro duckdb__pseudonymize_user_id(column_name) -%}
    cw_pseudonymize_user_id({{ column_name }})
{%- endmacro %}

{#-
    Spark: the JVM reads the variable (java.lang.System.getenv, on the executors: in local mode
    the process that runs dbt) and Apache Commons Codec, shipped with Spark, computes the HMAC.
-#}
{% macro spark__pseudonymize_user_id(column_name) -%}
    case
        when {{ column_name }} is null then null
        when coalesce(reflect('java.lang.System', 'getenv', 'CW_USER_ID_SALT'), '') = ''
            then {{ raise_error(
                "'the environment variable CW_USER_ID_SALT is empty or unset: it is required"
                ~ " when var hash_user_id is true'"
            ) }}
        else reflect(
            'org.apache.commons.codec.digest.HmacUtils', 'hmacSha256Hex',
            reflect('java.lang.System', 'getenv', 'CW_USER_ID_SALT'), {{ column_name }}
        )
    end
{%- endmacro %}
