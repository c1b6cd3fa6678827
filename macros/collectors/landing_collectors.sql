{#-
    The event folders under the landing path and the kind of each, from var `collectors` (a
    mapping folder -> kind) or, when set, the environment variable CW_COLLECTORS
    (`folder:kind,folder:kind`). Kinds: contract, ga4, snowplow, segment (docs/collectors.md).
-#}
{% macro landing_collectors() %}
    {%- set configured = env_var('CW_COLLECTORS', '') or var('collectors') -%}
    {%- set collectors = {} -%}
    {%- if configured is string -%}
        {%- for pair in configured.split(',') if pair.strip() -%}
            {%- set parts = pair.split(':') -%}
            {%- do collectors.update({parts[0].strip(): (parts[1] if parts | length > 1 else '').strip()}) -%}
        {%- endfor -%}
    {%- else -%}
        {%- do collectors.update(configured) -%}
    {%- endif -%}
    {%- for folder, kind in collectors.items() -%}
        {%- if kind not in ('contract', 'ga4', 'snowplow', 'segment') -%}
            {{ exceptions.raise_compiler_error(
                'collectors: folder "' ~ folder ~ '" has kind "' ~ kind
                ~ '"; the kinds are contract, ga4, snowplow and segment (docs/collectors.md)'
            ) }}
        {%- endif -%}
        {%- if not folder or '/' in folder or "'" in folder or folder in ('spend', '..', '.') -%}
            {{ exceptions.raise_compiler_error(
                'collectors: "' ~ folder ~ '" is not a folder name under the landing path'
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(collectors) }}
{% endmacro %}

{#- A top-level or nested field of a collector's row (JSON) as text, '' as null. -#}
{% macro collector_field(path, row='row') %}
    {%- if '.' in path or '[' in path -%}
        nullif(json_extract_string({{ row }}, '$.{{ path }}'), '')
    {%- else -%}
        nullif({{ row }} ->> '{{ path }}', '')
    {%- endif -%}
{% endmacro %}

{#- The first of several fields that is not null. -#}
{% macro collector_first_field(paths, row='row') %}
    coalesce(
        {%- for path in paths %}
            {{ collector_field(path, row) }}{{ ',' if not loop.last }}
        {%- endfor %}
    )
{% endmacro %}

{#-
    A timestamp a collector wrote (text or a typed value through to_json) as the contract's
    text: a bare `+00` offset (DuckDB's timestamptz text) becomes `+00:00`.
-#}
{% macro collector_timestamp_text(expression) %}
    regexp_replace({{ expression }}, '([+-][0-9]{2})$', '\1:00')
{% endmacro %}

{#-
    A JSON object of (key, expression) pairs, the null ones left out; null when all are null.
-#}
{% macro json_object_of_present(pairs) %}
    nullif(
        '{' || array_to_string(list_filter([
            {%- for key, expression in pairs %}
                case when ({{ expression }}) is not null
                    then '{{ key | tojson }}:' || to_json({{ expression }}) end
                {{- ',' if not loop.last }}
            {%- endfor %}
        ], part -> part is not null), ',') || '}',
        '{}'
    )
{% endmacro %}

{#- Two JSON objects (text) merged, the second's keys winning; null when both are null. -#}
{% macro json_merge_objects(first, second) %}
    case
        when ({{ first }}) is null then ({{ second }})
        when ({{ second }}) is null then ({{ first }})
        else cast(json_merge_patch({{ first }}, {{ second }}) as varchar)
    end
{% endmacro %}
