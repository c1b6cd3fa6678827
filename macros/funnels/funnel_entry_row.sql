{#
    The step_number of a journey's entry row in fct_funnel_steps, where every funnel report
    counts its entrants and entrances: the step it entered at (entry_step_number), or row 1 in
    an any-order funnel, whose rows are numbered in completion order while entry_step_number
    names a seed step.
#}
{% macro funnel_entry_row(step_order, entry_step_number) -%}
    case when {{ step_order }} = 'any' then 1 else {{ entry_step_number }} end
{%- endmacro %}
