{#
    The counts and rates of one funnel step row, the same in every funnel report: entrants,
    those excluded and counted, the journeys reaching the step, its conversion from entry and
    from the previous step, and the drop-off from the previous step. The relation needs the
    columns entrants, excluded_entrants, counted_entrants, reached and previous_reached (the
    counted entrants on the first step).
#}
{% macro funnel_step_counts() %}
        cast(entrants as bigint) as entrants,
        cast(excluded_entrants as bigint) as excluded_entrants,
        cast(counted_entrants as bigint) as counted_entrants,
        cast(reached as bigint) as reached,
        case
            when counted_entrants > 0 then cast(reached as double) / counted_entrants
        end as conversion_from_entry,
        case
            when previous_reached > 0 then cast(reached as double) / previous_reached
        end as conversion_from_previous_step,
        cast(previous_reached - reached as bigint) as drop_off
{%- endmacro %}
