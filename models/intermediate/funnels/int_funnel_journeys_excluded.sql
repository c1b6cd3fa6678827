{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected') }}",
) }}

{#-
    One row per funnel journey excluded by an exclusion of seed funnel_exclusions (PostHog's and
    Mixpanel's exclusion steps): the journey has a hit of the exclusion's goal (or an event of
    its name) after it reached step from_step and before it reached step to_step; when it never
    reached to_step, before its end (person scope: entered_at + the window, inclusive, as a step
    is; session scope: the rest of the session). Both bounds are strict (an exclusion event at
    the very time of either step does not exclude). A journey that never reached from_step is not
    excluded. When several exclusions fire, the row names the earliest hit (then by name).
-#}

with exclusions as (

    select
        funnel_id,
        exclusion_name,
        from_step,
        to_step
    from {{ ref('funnel_exclusions') }}

),

journeys as (

    select
        journey_id,
        funnel_id,
        unit_id,
        person_id,
        entered_at,
        window_seconds
    from {{ ref('int_funnel_journeys') }}
    where {{ in_batch_keys(
        'person_id', 'int_persons_affected',
        rebuilt_by_batch='int_funnel_journeys',
    ) }}

),

steps_reached as (

    select
        journey_id,
        step_number,
        reached_at
    from {{ ref('int_funnel_steps_reached') }}
    where {{ in_batch_keys(
        'person_id', 'int_persons_affected',
        rebuilt_by_batch='int_funnel_steps_reached',
    ) }}

),

exclusion_hits as (

    select
        funnel_id,
        exclusion_name,
        unit_id,
        event_id,
        occurred_at
    from {{ ref('int_funnel_step_occurrences') }}
    where
        exclusion_name is not null
        and {{ in_batch_keys(
            'person_id', 'int_persons_affected',
            rebuilt_by_batch='int_funnel_step_occurrences',
        ) }}

),

{# Each exclusion's span in each journey that reached its from_step. #}
spans as (

    select
        journeys.journey_id,
        journeys.funnel_id,
        journeys.unit_id,
        journeys.person_id,
        journeys.entered_at,
        journeys.window_seconds,
        exclusions.exclusion_name,
        from_steps.reached_at as span_starts_at,
        to_steps.reached_at as span_ends_at
    from journeys
    inner join exclusions
        on journeys.funnel_id = exclusions.funnel_id
    inner join steps_reached as from_steps
        on
            journeys.journey_id = from_steps.journey_id
            and exclusions.from_step = from_steps.step_number
    left join steps_reached as to_steps
        on
            journeys.journey_id = to_steps.journey_id
            and exclusions.to_step = to_steps.step_number

),

hits_in_spans as (

    select
        spans.journey_id,
        spans.funnel_id,
        spans.person_id,
        spans.exclusion_name,
        exclusion_hits.event_id as excluded_event_id,
        exclusion_hits.occurred_at as excluded_at,
        row_number() over (
            partition by spans.journey_id
            order by exclusion_hits.occurred_at, spans.exclusion_name, exclusion_hits.event_id
        ) as hit_rank
    from spans
    inner join exclusion_hits
        on
            spans.funnel_id = exclusion_hits.funnel_id
            and spans.exclusion_name = exclusion_hits.exclusion_name
            and spans.unit_id = exclusion_hits.unit_id
            and spans.span_starts_at < exclusion_hits.occurred_at
    where
        (spans.span_ends_at is null or exclusion_hits.occurred_at < spans.span_ends_at)
        and (
            spans.span_ends_at is not null
            or spans.window_seconds is null
            or {{ seconds_between('spans.entered_at', 'exclusion_hits.occurred_at') }}
            <= spans.window_seconds
        )

),

final as (

    select
        journey_id,
        funnel_id,
        person_id,
        exclusion_name as excluded_by,
        excluded_event_id,
        excluded_at,
        {{ build_stamp() }} as built_at
    from hits_in_spans
    where hit_rank = 1

)

select * from final
