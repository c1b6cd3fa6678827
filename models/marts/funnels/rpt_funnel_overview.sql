{#-
    One row per funnel x step over all journeys, ready to draw as a funnel chart: journeys that
    reached the step, conversion from entry and from the previous step, drop-off, median and p90
    seconds from entry. Journeys excluded by a funnel exclusion are counted apart: entrants =
    counted_entrants + excluded_entrants, and every other figure counts the counted journeys only.
    A journey is counted once among the entrants, at its entry row (funnel_entry_row), so no
    distinct over all journeys is needed.
-#}

with steps as {{ inline_cte() }} (

    select
        funnel_id,
        journey_id,
        step_number,
        seconds_since_entry,
        entry_step_number,
        is_excluded
    from {{ ref('fct_funnel_steps') }}

),

counted_steps as (

    select * from steps
    where not is_excluded

),

funnel_steps as (

    select
        funnel_id,
        funnel_name,
        scope,
        step_order,
        entry,
        step_number,
        step_name
    from {{ ref('int_funnels_validated') }}

),

entrants as (

    select
        steps.funnel_id,
        count(*) as entrants,
        sum(case when steps.is_excluded then 1 else 0 end) as excluded_entrants
    from steps
    inner join funnel_steps
        on
            steps.funnel_id = funnel_steps.funnel_id
            and steps.step_number = funnel_steps.step_number
    where
        steps.step_number
        = {{ funnel_entry_row('funnel_steps.step_order', 'steps.entry_step_number') }}
    group by steps.funnel_id

),

{{
    compute_percentiles(
        'reached',
        'counted_steps',
        ['funnel_id', 'step_number'],
        'seconds_since_entry',
        {'median_seconds_to_step': 0.5, 'p90_seconds_to_step': 0.9},
        'reached',
    )
}},

grid as (

    select
        funnel_steps.funnel_id,
        funnel_steps.funnel_name,
        funnel_steps.scope,
        funnel_steps.step_order,
        funnel_steps.entry,
        funnel_steps.step_number,
        funnel_steps.step_name,
        coalesce(entrants.entrants, 0) as entrants,
        coalesce(entrants.excluded_entrants, 0) as excluded_entrants,
        coalesce(entrants.entrants - entrants.excluded_entrants, 0) as counted_entrants,
        coalesce(reached.reached, 0) as reached,
        reached.median_seconds_to_step,
        reached.p90_seconds_to_step
    from funnel_steps
    left join entrants
        on funnel_steps.funnel_id = entrants.funnel_id
    left join reached
        on
            funnel_steps.funnel_id = reached.funnel_id
            and funnel_steps.step_number = reached.step_number

),

with_previous as (

    select
        *,
        coalesce(
            lag(reached) over (partition by funnel_id order by step_number), counted_entrants
        ) as previous_reached
    from grid

),

final as (

    select
        funnel_id,
        funnel_name,
        scope,
        step_order,
        entry,
        cast(step_number as integer) as step_number,
        step_name,
        {{ funnel_step_counts() }},
        cast(median_seconds_to_step as double) as median_seconds_to_step,
        cast(p90_seconds_to_step as double) as p90_seconds_to_step
    from with_previous

)

select * from final
