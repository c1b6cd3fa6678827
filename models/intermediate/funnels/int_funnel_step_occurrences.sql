{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected') }}",
    post_hook="{{ insert_other_build_buckets() }}",
) }}

{#-
    One row per funnel step x event of a non-bot session that satisfies the step (a hit of the
    step's goal, before counting rules, or an event of the step's name), with the journey unit it
    belongs to (the session, or the person for person-scoped funnels) and the event's position
    among all the unit's events (for strict funnels).
    An exclusion of seed funnel_exclusions is matched the same way: its rows carry its
    exclusion_name and no step_number (step rows: exclusion_name null).

    A later step of a strict funnel keeps only the events that come straight after an event of
    the step before in the unit: no other can ever be reached, and a step such as "the next
    page view" would otherwise keep every page view (half the rows at 10 million events).

    Every row belongs to one person's sessions, so with var `build_buckets` > 1 the model is built
    one bucket of persons at a time (macros/incremental/build_buckets.sql).
-#}

with funnels as (

    select distinct
        funnel_id,
        scope,
        step_order
    from {{ ref('int_funnels_validated') }}

),

steps as (

    select
        funnel_id,
        scope,
        step_order,
        step_number,
        goal_id,
        event_name,
        cast(null as {{ dbt.type_string() }}) as exclusion_name
    from {{ ref('int_funnels_validated') }}

    union all

    {# Validated with the funnel (int_funnels_validated fails the build first). #}
    select
        exclusions.funnel_id,
        funnels.scope,
        funnels.step_order,
        cast(null as integer) as step_number,
        exclusions.goal_id,
        exclusions.event_name,
        exclusions.exclusion_name
    from {{ ref('funnel_exclusions') }} as exclusions
    inner join funnels
        on exclusions.funnel_id = funnels.funnel_id

),

sessions as (

    select
        session_id,
        person_id
    from {{ ref('int_sessions_classified') }}
    where
        not is_bot
        and {{ in_batch_keys('person_id', 'int_persons_affected') }}
        and {{ in_build_bucket('person_id') }}

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
    where session_id in (select sessions.session_id from sessions)

),

goal_occurrences as (

    select
        steps.funnel_id,
        steps.scope,
        steps.step_order,
        steps.step_number,
        steps.exclusion_name,
        goal_hits.event_id
    from steps
    inner join goal_hits
        on steps.goal_id = goal_hits.goal_id

),

{# Names read again from the table: `events` (with its window) is then read once, so DuckDB
    does not store it whole as a CTE read twice. #}
event_names as (

    select
        event_id,
        event_name
    from {{ ref('int_events_sessionized') }}
    where session_id in (select sessions.session_id from sessions)

),

event_occurrences as (

    select
        steps.funnel_id,
        steps.scope,
        steps.step_order,
        steps.step_number,
        steps.exclusion_name,
        event_names.event_id
    from steps
    inner join event_names
        on steps.event_name = event_names.event_name

),

occurrences as (

    select * from goal_occurrences
    union all
    select * from event_occurrences

),

all_occurrences as (

    select
        occurrences.funnel_id,
        occurrences.step_order,
        occurrences.step_number,
        occurrences.exclusion_name,
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

),

{# Where a strict funnel's next step may occur: straight after an occurrence of a step. #}
strict_successors as (

    select distinct
        funnel_id,
        unit_id,
        step_number + 1 as step_number,
        unit_event_number + 1 as unit_event_number
    from all_occurrences
    where step_order = 'strict' and exclusion_name is null

),

kept as (

    select * from all_occurrences
    where step_order != 'strict' or step_number = 1 or exclusion_name is not null

    union all

    select later.*
    from all_occurrences as later
    inner join strict_successors
        on
            later.funnel_id = strict_successors.funnel_id
            and later.unit_id = strict_successors.unit_id
            and later.step_number = strict_successors.step_number
            and later.unit_event_number = strict_successors.unit_event_number
    where
        later.step_order = 'strict'
        and later.step_number > 1
        and later.exclusion_name is null

),

final as (

    select
        funnel_id,
        step_number,
        exclusion_name,
        event_id,
        occurred_at,
        session_id,
        person_id,
        unit_id,
        unit_event_number,
        {{ build_stamp() }} as built_at
    from kept

)

select * from final
