{#- A polynomial by Horner's rule: coefficients from the highest power down to the constant. -#}
{% macro _horner(coefficients, x) %}
    {%- set ns = namespace(text=coefficients[0] | string) -%}
    {%- for coefficient in coefficients[1:] -%}
        {%- set ns.text = '(' ~ ns.text ~ ' * ' ~ x ~ ' + ' ~ coefficient ~ ')' -%}
    {%- endfor -%}
    {{ ns.text }}
{%- endmacro %}
