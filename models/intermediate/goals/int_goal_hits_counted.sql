{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}",
) }}

{#-
    One row per goal hit after the goal's counting rule and with its value: once_per_session
    keeps a session's first hit of the goal; every_event keeps every hit, but only the first
    per properties.order_id when the event has one (a reloaded thank-you page is one order).
-#}

{#- Speed: the counting windows run on narrow columns (a window carries all it sorts); the
    properties and the goal's columns join back to the kept hits. -#}
with matched as (

    select
        goal_id,
        event_id,
        session_id,
        anonymous_id,
        hit_at,
        properties
    from {{ ref('int_goal_hits_matched') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}

),

goals as (

    select
        goal_id,
        goal_name,
        tier,
        micro_type,
        value_rule,
        value,
        value_property,
        counting
    from {{ ref('int_goals_validated') }}

),

hit_keys as (

    select
        goal_id,
        event_id,
        session_id,
        hit_at,
        {{ json_extract_text('properties', "'order_id'") }} as order_id
    from {{ ref('int_goal_hits_matched') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}

),

ranked as (

    select
        hit_keys.goal_id,
        hit_keys.event_id,
        hit_keys.order_id,
        goals.counting,
        row_number() over (
            partition by hit_keys.goal_id, hit_keys.session_id
            order by hit_keys.hit_at, hit_keys.event_id
        ) as session_hit_number,
        row_number() over (
            partition by hit_keys.goal_id, coalesce(hit_keys.order_id, hit_keys.event_id)
            order by hit_keys.hit_at, hit_keys.event_id
        ) as order_hit_number
    from hit_keys
    inner join goals
        on hit_keys.goal_id = goals.goal_id

),

counted as (

    select
        goal_id,
        event_id,
        order_id
    from ranked
    where
        (counting = 'once_per_session' and session_hit_number = 1)
        or (counting = 'every_event' and order_hit_number = 1)

),

final as (

    select
        {{ dbt.hash(dbt.concat(['counted.goal_id', "'|'", 'counted.event_id'])) }}
            as goal_hit_id,
        counted.goal_id,
        goals.goal_name,
        goals.tier,
        goals.micro_type,
        counted.event_id,
        matched.session_id,
        matched.anonymous_id,
        matched.hit_at,
        counted.order_id,
        cast(
            case
                when goals.value_rule = 'fixed' then goals.value
                else {{ cast_or_null(
                    json_extract_text('matched.properties', 'goals.value_property'),
                    api.Column.translate_type('double'),
                ) }}
            end as double
        ) as value
    from counted
    inner join matched
        on counted.goal_id = matched.goal_id and counted.event_id = matched.event_id
    inner join goals
        on counted.goal_id = goals.goal_id

)

select * from final
