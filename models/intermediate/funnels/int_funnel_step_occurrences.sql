{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected') }}",
) }}

{#-
    One row per funnel step x event of a non-bot session that satisfies the step (a hit of the
    step's goal, before counting rules, or an event of the step's name), with the journey unit it
    belongs to (the session, or the person for person-scoped funnels) and the event's position
    among all the unit's events (for strict funnels).
-#}

with steps as (

    select
        funnel_id,
        scope,
        step_number,
        goal_id,
        event_name
    from {{ ref('int_funnels_validated') }}

),

sessions as (

    select
        session_id,
        person_id
    from {{ ref('int_sessions_classified') }}
    where not is_bot and {{ in_batch_keys('person_id', 'int_persons_affected') }}

),

events as (

    select
        sessionized.event_id,
        sessionized.event_name,
        sessionized.event_at,
        sessionized.session_id,
        sessions.person_id,
        sessionized.event_number as session_event_number,
        row_number() over (
            partition by sessions.person_id
            order by sessionized.event_at, sessionized.event_id
        ) as person_event_number
    from {{ ref('int_events_sessionized') }} as sessionized
    inner join sessions
        on sessionized.session_id = sessions.session_id

),

goal_hits as (

    select
        goal_id,
        event_id
    from {{ ref('int_goal_hits_matched') }}

),

goal_occurrences as (

    select
        steps.funnel_id,
        steps.scope,
        steps.step_number,
        goal_hits.event_id
    from steps
    inner join goal_hits
        on steps.goal_id = goal_hits.goal_id

),

event_occurrences as (

    select
        steps.funnel_id,
        steps.scope,
        steps.step_number,
        events.event_id
    from steps
    inner join events
        on steps.event_name = events.event_name

),

occurrences as (

    select * from goal_occurrences
    union all
    select * from event_occurrences

),

final as (

    select
        occurrences.funnel_id,
        occurrences.step_number,
        occurrences.event_id,
        events.event_at as occurred_at,
        events.session_id,
        events.person_id,
        case
            when occurrences.scope = 'session' then events.session_id else events.person_id
        end as unit_id,
        case
            when occurrences.scope = 'session' then events.session_event_number
            else events.person_event_number
        end as unit_event_number
    from occurrences
    inner join events
        on occurrences.event_id = events.event_id

)

select * from final
