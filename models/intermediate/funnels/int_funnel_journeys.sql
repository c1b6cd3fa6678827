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
        exclusion_name is null
        and {{ in_batch_keys(
            'person_id', 'int_persons_affected',
            rebuilt_by_batch='int_funnel_step_occurrences',
        ) }}
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

{# Person scope: the next journey enters at the first candidate later than the window's end.
    Each candidate's window end is sorted among the unit's candidates (a candidate at the very
    end is not later: it sorts first); the candidates before it number next_rank - 1. One sort
    instead of joining every pair of the unit's candidates. #}
window_ends as (

    select
        funnel_id,
        unit_id,
        candidate_rank,
        0 as is_window_end,
        cast({{ epoch_microseconds('occurred_at') }} as double) as at_microseconds
    from candidates
    where scope = 'person'

    union all

    select
        funnel_id,
        unit_id,
        candidate_rank,
        1 as is_window_end,
        {{ epoch_microseconds('occurred_at') }} + window_seconds * 1000000.0 as at_microseconds
    from candidates
    where scope = 'person'

),

next_entries as {{ materialize_cte() }} (

    select
        funnel_id,
        unit_id,
        candidate_rank,
        next_rank
    from (
        select
            funnel_id,
            unit_id,
            candidate_rank,
            is_window_end,
            cast(1 + sum(1 - is_window_end) over (
                partition by funnel_id, unit_id
                order by at_microseconds, is_window_end
                rows between unbounded preceding and current row
            ) as bigint) as next_rank
        from window_ends
    ) as counted
    where is_window_end = 1

),

{# From each unit's first candidate, entry after entry (a rank past the last candidate ends it).
    Both halves bigint: Spark's row_number is an int, and a recursive CTE keeps its types. #}
chain as (

    select
        funnel_id,
        unit_id,
        cast(candidate_rank as bigint) as candidate_rank
    from candidates
    where candidate_rank = 1

    union all

    select
        next_entries.funnel_id,
        next_entries.unit_id,
        next_entries.next_rank as candidate_rank
    from chain
    inner join next_entries
        on
            chain.funnel_id = next_entries.funnel_id
            and chain.unit_id = next_entries.unit_id
            and chain.candidate_rank = next_entries.candidate_rank

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'candidates.funnel_id', "'|'", 'candidates.unit_id', "'|'", 'candidates.event_id'
        ])) }} as journey_id,
        candidates.funnel_id,
        candidates.unit_id,
        candidates.person_id,
        candidates.session_id,
        candidates.occurred_at as entered_at,
        candidates.event_id as entry_event_id,
        candidates.step_number as entry_step_number,
        candidates.window_seconds,
        {{ build_stamp() }} as built_at
    from chain
    inner join candidates
        on
            chain.funnel_id = candidates.funnel_id
            and chain.unit_id = candidates.unit_id
            and chain.candidate_rank = candidates.candidate_rank

)

select * from final
