{#-
    Anonymises an IP address: IPv4 loses its last octet (1.2.3.4 -> 1.2.3.0), IPv6 its last
    80 bits (only the first three 16-bit groups are kept: 2001:db8:85a3::). Text that is neither
    becomes null, so a raw address never passes through.
-#}
{% macro truncate_ip_address(expression) %}
    {{ return(adapter.dispatch('truncate_ip_address', 'conversion_warehouse')(expression)) }}
{% endmacro %}

{% macro default__truncate_ip_address(expression) %}
    case
        when {{ expression }} rlike '^[0-9]{1,3}([.][0-9]{1,3}){3}$'
            then regexp_replace({{ expression }}, '[.][0-9]{1,3}$', '.0')
        when {{ expression }} rlike '^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$'
            then concat(array_join(slice(concat(
                {{ _ipv6_groups(expression, 1, 'cast(array() as array<string>)') }},
                array_repeat('0', 8 - size({{ _ipv6_groups(expression, 1, 'cast(array() as array<string>)') }})
                    - size({{ _ipv6_groups(expression, 2, 'cast(array() as array<string>)') }})),
                {{ _ipv6_groups(expression, 2, 'cast(array() as array<string>)') }}
            ), 1, 3), ':'), '::')
    end
{% endmacro %}

{% macro duckdb__truncate_ip_address(expression) %}
    case
        when regexp_full_match({{ expression }}, '[0-9]{1,3}([.][0-9]{1,3}){3}')
            then regexp_replace({{ expression }}, '[.][0-9]{1,3}$', '.0')
        when regexp_full_match({{ expression }}, '[0-9a-fA-F:.]*:[0-9a-fA-F:.]*')
            then array_to_string(list_slice(list_concat(
                {{ _ipv6_groups(expression, 1, 'cast([] as varchar[])') }},
                repeat(['0'], 8 - len({{ _ipv6_groups(expression, 1, 'cast([] as varchar[])') }})
                    - len({{ _ipv6_groups(expression, 2, 'cast([] as varchar[])') }})),
                {{ _ipv6_groups(expression, 2, 'cast([] as varchar[])') }}
            ), 1, 3), ':') || '::'
    end
{% endmacro %}
