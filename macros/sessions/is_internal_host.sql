{#-
    True when the host expression `host_column` (lower-cased) is one of the shop's own hosts:
    an entry of var internal_hosts, a leading `www.` removed from the entry, or a sub-domain of
    one (it ends with `.` + the entry, so `notexample-shop.com` is not `example-shop.com`'s).
    False when the list is empty; null when the host is.
-#}
{% macro is_internal_host(host_column) %}
    {%- set hosts = [] -%}
    {%- for entry in var('internal_hosts') -%}
        {%- set host = entry | trim | lower -%}
        {%- set host = host[4:] if host.startswith('www.') else host -%}
        {%- if host not in hosts %}{% do hosts.append(host) %}{% endif -%}
    {%- endfor -%}
    {%- if hosts -%}
        (
        {%- for host in hosts %}
            {{ 'or ' if not loop.first }}{{ host_column }} = '{{ host }}'
            or {{ dbt.right(host_column, host | length + 1) | trim }} = '.{{ host }}'
        {%- endfor %}
        )
    {%- else -%}
        false
    {%- endif -%}
{% endmacro %}
