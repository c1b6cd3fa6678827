{#-
    `user_id` as is, or, with var `hash_user_id`, an md5 of the salt (environment variable
    CW_USER_ID_SALT, required then) and the id.
-#}
{% macro pseudonymize_user_id(expression) %}
    {%- if var('hash_user_id') -%}
        {%- set salt = env_var('CW_USER_ID_SALT', '') -%}
        {%- if salt == '' -%}
            {{ exceptions.raise_compiler_error(
                'var hash_user_id is true but the environment variable CW_USER_ID_SALT is empty'
            ) }}
        {%- endif -%}
        case when {{ expression }} is not null then {{ dbt.hash("'" ~ salt ~ "' || " ~ expression) }} end
    {%- else -%}
        {{ expression }}
    {%- endif -%}
{% endmacro %}
