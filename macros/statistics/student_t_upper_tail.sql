{#-
    P(T > t) for Student's t with `degrees_of_freedom` (a positive real: Welch's degrees are not
    whole), by the normal approximation of Abramowitz and Stegun 26.7.8:
    z = t (1 - 1 / (4 df)) / sqrt(1 + t^2 / (2 df)) is close to standard normal. Its absolute
    error in a two-sided p-value is below 0.005 from 3 degrees of freedom and below 0.001 from 10
    (docs/experiments.md); with the hundreds of persons an experiment needs it is far smaller.
-#}
{% macro student_t_upper_tail(t, degrees_of_freedom) %}
    {%- set t_value = 'cast(' ~ t ~ ' as double)' -%}
    {%- set df = 'cast(' ~ degrees_of_freedom ~ ' as double)' -%}
    {%- set z -%}
        ({{ t_value }} * (1.0 - 1.0 / (4.0 * {{ df }}))
        / sqrt(1.0 + {{ t_value }} * {{ t_value }} / (2.0 * {{ df }})))
    {%- endset -%}
    {{ normal_upper_tail(z) }}
{%- endmacro %}
