{#-
    The p-quantile of the standard normal distribution (0 < p < 1), by Acklam's rational
    approximation (relative error at most 1.15e-9): a central rational function in p - 0.5 for
    0.02425 <= p <= 0.97575, a tail one in sqrt(-2 ln(tail)) outside. Arithmetic, sqrt and ln only.
-#}
{% macro normal_quantile(probability) %}
    {%- set p = 'cast(' ~ probability ~ ' as double)' -%}
    {%- set a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690,
                 -30.66479806614716, 2.506628277459239] -%}
    {%- set b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
                 -13.28068155288572, 1.0] -%}
    {%- set c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838,
                 -2.549732539343734, 4.374664141464968, 2.938163982698783] -%}
    {%- set d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416,
                 1.0] -%}
    {%- set q = '(' ~ p ~ ' - 0.5)' -%}
    {%- set r = '(' ~ q ~ ' * ' ~ q ~ ')' -%}
    {%- set lower = 'sqrt(-2.0 * ln(' ~ p ~ '))' -%}
    {%- set upper = 'sqrt(-2.0 * ln(1.0 - ' ~ p ~ '))' -%}
    (case
        when {{ p }} < 0.02425
            then {{ _horner(c, lower) }} / {{ _horner(d, lower) }}
        when {{ p }} <= 0.97575
            then {{ _horner(a, r) }} * {{ q }} / {{ _horner(b, r) }}
        else -{{ _horner(c, upper) }} / {{ _horner(d, upper) }}
    end)
{%- endmacro %}
