{{ config(
    severity='warn',
    store_failures=true,
    meta={"dagster": {"ref": {"name": "int_funnels_validated"}}},
) }}

-- A warning, not a failure: every event that a goal, a funnel step or a funnel exclusion names
-- has been landed at least once. A new event is often configured before the collector sends
-- it; until it lands, its goal has no hits, its funnel step is never reached and its exclusion
-- never excludes. One row per goal, step or exclusion naming an unseen event (none while
-- nothing has landed); the rows are kept in the table of this test's failures for a person to
-- read.
with landing_status as (

    select count(*) > 0 as has_landed_events from {{ ref('int_event_names_landed') }}

),

unseen as (

    select
        'goal' as configured_in,
        goal_id as configured_id,
        event_name
    from {{ ref('int_goals_validated') }}
    where has_unseen_event

    union all

    select
        'funnel' as configured_in,
        concat(funnel_id, ' step ', cast(step_number as {{ dbt.type_string() }})) as configured_id,
        event_name
    from {{ ref('int_funnels_validated') }}
    where has_unseen_event

    union all

    select
        'funnel' as configured_in,
        concat(exclusions.funnel_id, ' exclusion ', exclusions.exclusion_name) as configured_id,
        exclusions.event_name
    from {{ ref('funnel_exclusions') }} as exclusions
    left join {{ ref('int_event_names_landed') }} as landed
        on exclusions.event_name = landed.event_name
    where exclusions.event_name is not null and landed.event_name is null

),

final as (

    select
        unseen.configured_in,
        unseen.configured_id,
        unseen.event_name
    from unseen
    cross join landing_status
    where landing_status.has_landed_events

)

select * from final
