{#-
    The key of a session's raw traffic fields (utm triple, referrer host, auto-tagging click id
    type), read from the relation or alias `relation`: sessions with equal raw fields share a key
    and are classified once in int_traffic_sources_classified.
-#}
{% macro traffic_source_key(relation) %}
    {%- set parts = [] -%}
    {%- for column in ['utm_source', 'utm_medium', 'utm_campaign', 'referrer_host',
                       'auto_tag_type'] -%}
        {%- if not loop.first %}{% do parts.append("'|'") %}{% endif -%}
        {%- do parts.append("coalesce(" ~ relation ~ "." ~ column ~ ", '~')") -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{% endmacro %}
