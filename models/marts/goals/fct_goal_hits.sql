{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}",
) }}

{#-
    One row per goal hit (micro or macro conversion) of a non-bot session, with the session's
    device, person, channel and device category, and its value (null with a value_problem when
    an event property value is not usable: see int_goal_hits_counted).
-#}

with hits as (

    select
        goal_hit_id,
        goal_id,
        goal_name,
        tier,
        micro_type,
        event_id,
        session_id,
        hit_at,
        order_id,
        value,
        value_problem
    from {{ ref('int_goal_hits_counted') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}

),

sessions as (

    select
        session_id,
        anonymous_id,
        person_id,
        channel,
        device_category
    from {{ ref('int_sessions_classified') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}

),

final as (

    select
        hits.goal_hit_id,
        hits.goal_id,
        hits.goal_name,
        hits.tier,
        hits.micro_type,
        hits.session_id,
        sessions.anonymous_id,
        sessions.person_id,
        hits.hit_at,
        {{ to_reporting_date('hits.hit_at') }} as hit_date,
        hits.value,
        hits.value_problem,
        hits.order_id,
        hits.event_id,
        sessions.channel,
        sessions.device_category
    from hits
    inner join sessions
        on hits.session_id = sessions.session_id

)

select * from final
