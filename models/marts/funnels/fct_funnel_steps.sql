{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected') }}",
) }}

{#-
    One row per funnel x journey x step reached, with the time since the journey's entry and
    since the previous step, and the channel and device of the session the journey entered in.
-#}

with steps as (

    select
        journey_id,
        funnel_id,
        step_number,
        step_name,
        event_id,
        session_id,
        reached_at,
        seconds_since_entry,
        seconds_since_previous_step
    from {{ ref('int_funnel_steps_reached') }}
    where {{ in_batch_keys('person_id', 'int_persons_affected') }}

),

journeys as (

    select
        journey_id,
        person_id,
        session_id as entry_session_id,
        entered_at,
        entry_step_number
    from {{ ref('int_funnel_journeys') }}
    where {{ in_batch_keys('person_id', 'int_persons_affected') }}

),

sessions as (

    select
        session_id,
        channel,
        device_category
    from {{ ref('int_sessions_classified') }}

),

final as (

    select
        steps.funnel_id,
        steps.journey_id,
        journeys.person_id,
        steps.session_id,
        cast(steps.step_number as integer) as step_number,
        steps.step_name,
        steps.reached_at,
        cast(steps.seconds_since_entry as double) as seconds_since_entry,
        cast(steps.seconds_since_previous_step as double) as seconds_since_previous_step,
        steps.event_id,
        journeys.entered_at,
        {{ to_reporting_date('journeys.entered_at') }} as entry_date,
        cast(journeys.entry_step_number as integer) as entry_step_number,
        journeys.entry_session_id,
        entry_sessions.channel as entry_channel,
        coalesce(entry_sessions.device_category, '(not set)') as entry_device_category
    from steps
    inner join journeys
        on steps.journey_id = journeys.journey_id
    inner join sessions as entry_sessions
        on journeys.entry_session_id = entry_sessions.session_id

)

select * from final
