{#-
    P(Z > z) for a standard normal Z, from the complementary error function of Abramowitz and
    Stegun 7.1.26: erfc(x) = (a1 t + a2 t^2 + a3 t^3 + a4 t^4 + a5 t^5) exp(-x^2), t = 1 / (1 + p x),
    x >= 0, absolute error at most 1.5e-7 in erfc (so at most 7.5e-8 in the tail). The tail is
    computed on |z| and reflected (1 - tail) for negative z, so a small tail never comes out as a
    difference of two numbers near 1. Only arithmetic, sqrt and exp: the same SQL on every engine.
-#}
{% macro normal_upper_tail(z) %}
    {%- set z_value = 'cast(' ~ z ~ ' as double)' -%}
    {%- set x -%} (abs({{ z_value }}) / sqrt(2.0)) {%- endset -%}
    {%- set t -%} (1.0 / (1.0 + 0.3275911 * {{ x }})) {%- endset -%}
    {%- set half_erfc -%}
        (0.5 * {{ t }} * (0.254829592 + {{ t }} * (-0.284496736 + {{ t }} * (1.421413741
            + {{ t }} * (-1.453152027 + {{ t }} * 1.061405429)))) * exp(-{{ x }} * {{ x }}))
    {%- endset -%}
    (case when {{ z_value }} >= 0 then {{ half_erfc }} else 1.0 - {{ half_erfc }} end)
{%- endmacro %}
