{{ config(meta={"dagster": {"ref": {"name": "fct_funnel_steps"}}}) }}

-- Closed funnels: the journeys reaching a step never outnumber those reaching the step before,
-- and every journey's steps are in time order (ordered and strict funnels).
with overview as (

    select
        funnel_id,
        step_number,
        reached,
        lag(reached) over (partition by funnel_id order by step_number) as previous_reached
    from {{ ref('rpt_funnel_overview') }}
    where entry = 'closed'

),

steps as (

    select
        funnel_steps.journey_id,
        funnel_steps.step_number,
        funnel_steps.reached_at,
        lag(funnel_steps.reached_at) over (
            partition by funnel_steps.journey_id order by funnel_steps.step_number
        ) as previous_reached_at
    from {{ ref('fct_funnel_steps') }} as funnel_steps

)

select
    overview.funnel_id,
    overview.step_number,
    'reached grows' as problem
from overview
where overview.reached > overview.previous_reached

union all

select
    steps.journey_id,
    steps.step_number,
    'steps out of time order' as problem
from steps
where steps.reached_at < steps.previous_reached_at
