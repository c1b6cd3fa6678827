{#-
    The lower-cased 16-bit groups of an IPv6 address before (side 1) or after (side 2) its `::`;
    without `::` side 1 holds them all and side 2 none (`empty_list`: the engine's empty text array).
-#}
{% macro _ipv6_groups(expression, side, empty_list) %}
    {%- if side == 1 -%}
    case
        when {{ expression }} not like '%::%' then split(lower({{ expression }}), ':')
        when {{ expression }} like '::%' then {{ empty_list }}
        else split(lower(substring({{ expression }}, 1, instr({{ expression }}, '::') - 1)), ':')
    end
    {%- else -%}
    case
        when {{ expression }} not like '%::%' or {{ expression }} like '%::' then {{ empty_list }}
        else split(lower(substring({{ expression }}, instr({{ expression }}, '::') + 2)), ':')
    end
    {%- endif -%}
{% endmacro %}
