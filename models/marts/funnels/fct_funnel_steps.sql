{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected') }}",
) }}

{#-
    One row per funnel x journey x step reached, with the time since the journey's entry and
    since the previous step, and the channel and device of the session the journey entered in.
    A journey excluded by an exclusion (int_funnel_journeys_excluded) keeps its rows, flagged.
    Its breakdown (channel, campaign, device, country) is the session of one of its steps, by
    the funnel's breakdown_attribution (PostHog's): first_touch the entry step's, last_touch the
    last step it reached, step the step breakdown_step (none when the journey never reached it).
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
    where {{ in_batch_keys(
        'person_id', 'int_persons_affected',
        rebuilt_by_batch='int_funnel_steps_reached',
    ) }}

),

journeys as (

    select
        journey_id,
        person_id,
        session_id as entry_session_id,
        entered_at,
        entry_step_number
    from {{ ref('int_funnel_journeys') }}
    where {{ in_batch_keys(
        'person_id', 'int_persons_affected',
        rebuilt_by_batch='int_funnel_journeys',
    ) }}

),

funnels as (

    select distinct
        funnel_id,
        breakdown_attribution,
        breakdown_step
    from {{ ref('int_funnels_validated') }}

),

excluded as (

    select
        journey_id,
        excluded_by
    from {{ ref('int_funnel_journeys_excluded') }}
    where {{ in_batch_keys(
        'person_id', 'int_persons_affected',
        rebuilt_by_batch='int_funnel_journeys_excluded',
    ) }}

),

sessions as (

    select
        session_id,
        channel,
        campaign,
        device_category,
        country
    from {{ ref('int_sessions_classified') }}

),

journey_steps as (

    select
        funnel_id,
        journey_id,
        min(step_number) as first_step_number,
        max(step_number) as last_step_number
    from steps
    group by 1, 2

),

{# The step whose session gives the journey its breakdown values. #}
breakdown_steps as (

    select
        journey_steps.journey_id,
        case
            when funnels.breakdown_attribution = 'step'
                then concat('step_', cast(funnels.breakdown_step as {{ dbt.type_string() }}))
            else funnels.breakdown_attribution
        end as breakdown_attribution,
        case
            when funnels.breakdown_attribution = 'first_touch' then journey_steps.first_step_number
            when funnels.breakdown_attribution = 'last_touch' then journey_steps.last_step_number
            else funnels.breakdown_step
        end as breakdown_step_number
    from journey_steps
    inner join funnels
        on journey_steps.funnel_id = funnels.funnel_id

),

breakdowns as (

    select
        breakdown_steps.journey_id,
        breakdown_steps.breakdown_attribution,
        steps.session_id as breakdown_session_id
    from breakdown_steps
    left join steps
        on
            breakdown_steps.journey_id = steps.journey_id
            and breakdown_steps.breakdown_step_number = steps.step_number

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
        coalesce(entry_sessions.device_category, '(not set)') as entry_device_category,
        excluded.journey_id is not null as is_excluded,
        excluded.excluded_by,
        breakdowns.breakdown_attribution,
        breakdowns.breakdown_session_id,
        case
            when breakdown_sessions.session_id is null then '(not reached)'
            else coalesce(breakdown_sessions.channel, '(not set)')
        end as breakdown_channel,
        case
            when breakdown_sessions.session_id is null then '(not reached)'
            else coalesce(breakdown_sessions.campaign, '(not set)')
        end as breakdown_campaign,
        case
            when breakdown_sessions.session_id is null then '(not reached)'
            else coalesce(breakdown_sessions.device_category, '(not set)')
        end as breakdown_device_category,
        case
            when breakdown_sessions.session_id is null then '(not reached)'
            else coalesce(breakdown_sessions.country, '(not set)')
        end as breakdown_country
    from steps
    inner join journeys
        on steps.journey_id = journeys.journey_id
    inner join sessions as entry_sessions
        on journeys.entry_session_id = entry_sessions.session_id
    inner join breakdowns
        on steps.journey_id = breakdowns.journey_id
    left join sessions as breakdown_sessions
        on breakdowns.breakdown_session_id = breakdown_sessions.session_id
    left join excluded
        on steps.journey_id = excluded.journey_id

)

select * from final
