{#-
    P(X > x) for a chi-square variable X with `degrees_of_freedom` k (a positive integer
    expression), by the closed forms of Abramowitz and Stegun 26.4.4 / 26.4.5 up to k = 20:
    even k: exp(-x/2) * sum over i < k/2 of (x/2)^i / i!; odd k: 2 P(Z > sqrt(x)) +
    sqrt(2x/pi) exp(-x/2) * sum over j < (k-1)/2 of x^j / (3 * 5 * ... * (2j+1)). Exact but for the
    normal tail (normal_upper_tail: absolute error at most 7.5e-8). Above 20 degrees (21 variants)
    the Wilson-Hilferty approximation, (x/k)^(1/3) ~ normal(1 - 2/(9k), 2/(9k)), whose relative
    error near p = 0.001 is under 10% there. Null when x or k is null or k < 1.
-#}
{% macro chi_square_upper_tail(chi_square, degrees_of_freedom) %}
    {%- set x = 'cast(' ~ chi_square ~ ' as double)' -%}
    {%- set k -%} cast({{ degrees_of_freedom }} as double) {%- endset -%}
    {%- set ns = namespace(even='', odd='', factorial=1.0, odd_product=1.0) -%}
    {%- for i in range(10) -%}
        {%- if i > 0 -%}
            {%- set ns.factorial = ns.factorial * i -%}
            {%- set ns.odd_product = ns.odd_product * (2 * i + 1) -%}
        {%- endif -%}
        {%- set ns.even = ns.even ~ (' + ' if i > 0 else '')
            ~ 'case when ' ~ i ~ ' < ' ~ k ~ ' / 2.0 then power(' ~ x ~ ' / 2.0, ' ~ i ~ ') / '
            ~ ns.factorial ~ ' else 0.0 end' -%}
        {%- set ns.odd = ns.odd ~ (' + ' if i > 0 else '')
            ~ 'case when ' ~ i ~ ' < (' ~ k ~ ' - 1.0) / 2.0 then power(' ~ x ~ ', ' ~ i ~ ') / '
            ~ ns.odd_product ~ ' else 0.0 end' -%}
    {%- endfor -%}
    {%- set wilson_hilferty -%}
        (power({{ x }} / {{ k }}, 1.0 / 3.0) - (1.0 - 2.0 / (9.0 * {{ k }})))
        / sqrt(2.0 / (9.0 * {{ k }}))
    {%- endset -%}
    (case
        when {{ x }} is null or {{ degrees_of_freedom }} is null or {{ degrees_of_freedom }} < 1
            then null
        when {{ x }} <= 0 then 1.0
        when {{ degrees_of_freedom }} > 20 then {{ normal_upper_tail(wilson_hilferty) }}
        when {{ degrees_of_freedom }} % 2 = 0 then exp(-{{ x }} / 2.0) * ({{ ns.even }})
        else 2.0 * {{ normal_upper_tail('sqrt(' ~ x ~ ')') }}
            + sqrt(2.0 * {{ x }} / pi()) * exp(-{{ x }} / 2.0) * ({{ ns.odd }})
    end)
{%- endmacro %}
