{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected') }}",
    post_hook="{{ insert_other_build_buckets() }}",
) }}

{#-
    One row per funnel journey x step reached. Ordered and strict funnels follow the steps from
    the entry step: step k is reached at the first occurrence of step k at or after step k-1 was
    reached (strict: the very next event of the unit) and within the window from entry. In an
    any-order funnel each step is reached at its first occurrence within the window, and the
    rows are numbered in the order the steps were completed (step_number = how many steps the
    journey had reached), so reached never grows from one step to the next.
    Every CTE keeps to one person's journeys, so with var `build_buckets` > 1 the model is built
    one bucket of persons at a time (macros/incremental/build_buckets.sql).
-#}

{%- set max_steps = var('funnel_max_steps') -%}

with funnel_steps as (

    select
        funnel_id,
        step_number,
        step_name,
        step_order
    from {{ ref('int_funnels_validated') }}

),

funnels as (

    select distinct
        funnel_id,
        step_order
    from funnel_steps

),

journeys as (

    select
        journey_id,
        funnel_id,
        unit_id,
        entered_at,
        entry_event_id,
        entry_step_number,
        window_seconds
    from {{ ref('int_funnel_journeys') }}
    where
        {{ in_batch_keys(
            'person_id', 'int_persons_affected',
            rebuilt_by_batch='int_funnel_journeys',
        ) }}
        and {{ in_build_bucket('person_id') }}

),

occurrences as {{ materialize_cte() }} (

    select
        funnel_id,
        step_number,
        event_id,
        occurred_at,
        session_id,
        unit_id,
        unit_event_number
    from {{ ref('int_funnel_step_occurrences') }}
    where
        exclusion_name is null
        and {{ in_batch_keys(
            'person_id', 'int_persons_affected',
            rebuilt_by_batch='int_funnel_step_occurrences',
        ) }}
        and {{ in_build_bucket('person_id') }}

),

level_1 as (

    select
        journeys.journey_id,
        journeys.funnel_id,
        journeys.unit_id,
        journeys.entered_at,
        journeys.window_seconds,
        funnels.step_order,
        occurrences.step_number,
        occurrences.event_id,
        occurrences.occurred_at as reached_at,
        occurrences.session_id,
        occurrences.unit_event_number
    from journeys
    inner join funnels
        on journeys.funnel_id = funnels.funnel_id
    inner join occurrences
        on
            journeys.funnel_id = occurrences.funnel_id
            and journeys.unit_id = occurrences.unit_id
            and journeys.entry_event_id = occurrences.event_id
            and journeys.entry_step_number = occurrences.step_number
    where funnels.step_order in ('ordered', 'strict')

),

{% for level in range(2, max_steps + 1) %}
    level_{{ level }} as (

        select
            journey_id,
            funnel_id,
            unit_id,
            entered_at,
            window_seconds,
            step_order,
            step_number,
            event_id,
            reached_at,
            session_id,
            unit_event_number
        from (
            select
                previous.journey_id,
                previous.funnel_id,
                previous.unit_id,
                previous.entered_at,
                previous.window_seconds,
                previous.step_order,
                occurrences.step_number,
                occurrences.event_id,
                occurrences.occurred_at as reached_at,
                occurrences.session_id,
                occurrences.unit_event_number,
                row_number() over (
                    partition by previous.journey_id
                    order by occurrences.occurred_at, occurrences.event_id
                ) as pick_rank
            from level_{{ level - 1 }} as previous
            inner join occurrences
                on
                    previous.funnel_id = occurrences.funnel_id
                    and previous.unit_id = occurrences.unit_id
                    and previous.step_number + 1 = occurrences.step_number
                    and previous.event_id != occurrences.event_id
                    and previous.reached_at <= occurrences.occurred_at
            where
                -- level k reaches step k or later (steps count from 1): levels past the longest
                -- funnel then join nothing instead of hashing every occurrence again
                occurrences.step_number >= {{ level }}
                and
                (
                    previous.window_seconds is null
                    or {{ seconds_between('previous.entered_at', 'occurrences.occurred_at') }}
                    <= previous.window_seconds
                )
                and (
                    previous.step_order != 'strict'
                    or occurrences.unit_event_number = previous.unit_event_number + 1
                )
        ) as candidates
        where pick_rank = 1

    ),
{% endfor %}

ordered_steps as (

    {% for level in range(1, max_steps + 1) %}
        select
            journey_id,
            funnel_id,
            entered_at,
            step_number,
            event_id,
            reached_at,
            session_id
        from level_{{ level }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

any_order_firsts as (

    select
        journeys.journey_id,
        journeys.funnel_id,
        journeys.entered_at,
        occurrences.step_number as seed_step_number,
        occurrences.event_id,
        occurrences.occurred_at as reached_at,
        occurrences.session_id,
        row_number() over (
            partition by journeys.journey_id, occurrences.step_number
            order by occurrences.occurred_at, occurrences.event_id
        ) as occurrence_rank
    from journeys
    inner join funnels
        on journeys.funnel_id = funnels.funnel_id
    inner join occurrences
        on
            journeys.funnel_id = occurrences.funnel_id
            and journeys.unit_id = occurrences.unit_id
            and journeys.entered_at <= occurrences.occurred_at
    where
        funnels.step_order = 'any'
        and (
            journeys.window_seconds is null
            or {{ seconds_between('journeys.entered_at', 'occurrences.occurred_at') }}
            <= journeys.window_seconds
        )

),

any_order_steps as (

    select
        journey_id,
        funnel_id,
        entered_at,
        seed_step_number,
        event_id,
        reached_at,
        session_id,
        row_number() over (
            partition by journey_id order by reached_at, seed_step_number
        ) as step_number
    from any_order_firsts
    where occurrence_rank = 1

),

all_steps as (

    select
        ordered_steps.journey_id,
        ordered_steps.funnel_id,
        ordered_steps.entered_at,
        ordered_steps.step_number,
        funnel_steps.step_name,
        ordered_steps.event_id,
        ordered_steps.reached_at,
        ordered_steps.session_id
    from ordered_steps
    inner join funnel_steps
        on
            ordered_steps.funnel_id = funnel_steps.funnel_id
            and ordered_steps.step_number = funnel_steps.step_number

    union all

    select
        any_order_steps.journey_id,
        any_order_steps.funnel_id,
        any_order_steps.entered_at,
        any_order_steps.step_number,
        funnel_steps.step_name,
        any_order_steps.event_id,
        any_order_steps.reached_at,
        any_order_steps.session_id
    from any_order_steps
    inner join funnel_steps
        on
            any_order_steps.funnel_id = funnel_steps.funnel_id
            and any_order_steps.seed_step_number = funnel_steps.step_number

),

journey_persons as (

    select
        journey_id,
        person_id
    from {{ ref('int_funnel_journeys') }}
    where
        {{ in_batch_keys(
            'person_id', 'int_persons_affected',
            rebuilt_by_batch='int_funnel_journeys',
        ) }}
        and {{ in_build_bucket('person_id') }}

),

final as (

    select
        all_steps.journey_id,
        journey_persons.person_id,
        all_steps.funnel_id,
        cast(all_steps.step_number as integer) as step_number,
        all_steps.step_name,
        all_steps.event_id,
        all_steps.session_id,
        all_steps.reached_at,
        {{ seconds_between('all_steps.entered_at', 'all_steps.reached_at') }}
            as seconds_since_entry,
        {{ seconds_between(
            'lag(all_steps.reached_at) over (partition by all_steps.journey_id'
                ~ ' order by all_steps.step_number)',
            'all_steps.reached_at',
        ) }} as seconds_since_previous_step,
        {{ build_stamp() }} as built_at
    from all_steps
    inner join journey_persons
        on all_steps.journey_id = journey_persons.journey_id

)

select * from final
