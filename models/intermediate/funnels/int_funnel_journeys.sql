{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected') }}",
    post_hook="{{ insert_other_build_buckets() }}",
) }}

{#-
    One row per funnel journey. A journey enters at the unit's first entry step: step 1 for a
    closed ordered or strict funnel, any step for an open or any-order funnel. A session-scoped
    funnel has at most one journey per session; a person-scoped one starts a new journey at the
    first entry step after the previous journey's window (conversion_window_hours) has ended, so
    a repeated step 1 within the window does not restart the journey.
    Every CTE keeps to one person's journeys, so with var `build_buckets` > 1 the model is built
    one bucket of persons at a time (macros/incremental/build_buckets.sql).
-#}

with recursive funnels as (

    select distinct
        funnel_id,
        scope,
        step_order,
        entry,
        conversion_window_hours
    from {{ ref('int_funnels_validated') }}

),

occurrences as (

    select
        funnel_id,
        step_number,
        event_id,
        occurred_at,
        session_id,
        person_id,
        unit_id,
        -- One event can satisfy several steps: as an entry it counts for the lowest.
        row_number() over (
            partition by funnel_id, unit_id, event_id order by step_number
        ) as step_rank
    from {{ ref('int_funnel_step_occurrences') }}
    where
        {{ in_batch_keys('person_id', 'int_persons_affected') }}
        and {{ in_build_bucket('person_id') }}

),

candidates as (

    select
        occurrences.*,
        funnels.scope,
        case
            when funnels.scope = 'person' then funnels.conversion_window_hours * 3600
        end as window_seconds,
        row_number() over (
            partition by occurrences.funnel_id, occurrences.unit_id
            order by occurrences.occurred_at, occurrences.event_id
        ) as candidate_rank
    from occurrences
    inner join funnels
        on occurrences.funnel_id = funnels.funnel_id
    where
        occurrences.step_rank = 1
        and (
            occurrences.step_number = 1
            or funnels.entry = 'open'
            or funnels.step_order = 'any'
        )

),

next_candidates as (

    select
        earlier.funnel_id,
        earlier.unit_id,
        earlier.event_id,
        later.event_id as next_event_id,
        row_number() over (
            partition by earlier.funnel_id, earlier.unit_id, earlier.event_id
            order by later.occurred_at, later.event_id
        ) as next_rank
    from candidates as earlier
    inner join candidates as later
        on
            earlier.funnel_id = later.funnel_id
            and earlier.unit_id = later.unit_id
            and {{ seconds_between('earlier.occurred_at', 'later.occurred_at') }}
            > earlier.window_seconds
    where earlier.scope = 'person'

),

linked as (

    select
        candidates.*,
        next_candidates.next_event_id
    from candidates
    left join next_candidates
        on
            candidates.funnel_id = next_candidates.funnel_id
            and candidates.unit_id = next_candidates.unit_id
            and candidates.event_id = next_candidates.event_id
            and next_candidates.next_rank = 1

),

chain as (

    select
        funnel_id,
        unit_id,
        event_id,
        next_event_id
    from linked
    where candidate_rank = 1

    union all

    select
        linked.funnel_id,
        linked.unit_id,
        linked.event_id,
        linked.next_event_id
    from chain
    inner join linked
        on
            chain.funnel_id = linked.funnel_id
            and chain.unit_id = linked.unit_id
            and chain.next_event_id = linked.event_id

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'linked.funnel_id', "'|'", 'linked.unit_id', "'|'", 'linked.event_id'
        ])) }} as journey_id,
        linked.funnel_id,
        linked.unit_id,
        linked.person_id,
        linked.session_id,
        linked.occurred_at as entered_at,
        linked.event_id as entry_event_id,
        linked.step_number as entry_step_number,
        linked.window_seconds
    from chain
    inner join linked
        on
            chain.funnel_id = linked.funnel_id
            and chain.unit_id = linked.unit_id
            and chain.event_id = linked.event_id

)

select * from final
