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

ranked as (

    select
        matched.goal_id,
        matched.event_id,
        matched.session_id,
        matched.anonymous_id,
        matched.hit_at,
        matched.properties,
        goals.goal_name,
        goals.tier,
        goals.micro_type,
        goals.value_rule,
        goals.value,
        goals.value_property,
        goals.counting,
        {{ json_extract_text('matched.properties', "'order_id'") }} as order_id,
        row_number() over (
            partition by matched.goal_id, matched.session_id
            order by matched.hit_at, matched.event_id
        ) as session_hit_number,
        row_number() over (
            partition by
                matched.goal_id,
                coalesce(
                    {{ json_extract_text('matched.properties', "'order_id'") }},
                    matched.event_id
                )
            order by matched.hit_at, matched.event_id
        ) as order_hit_number
    from matched
    inner join goals
        on matched.goal_id = goals.goal_id

),

final as (

    select
        {{ dbt.hash(dbt.concat(['goal_id', "'|'", 'event_id'])) }} as goal_hit_id,
        goal_id,
        goal_name,
        tier,
        micro_type,
        event_id,
        session_id,
        anonymous_id,
        hit_at,
        order_id,
        cast(
            case
                when value_rule = 'fixed' then value
                else {{ cast_or_null(
                    json_extract_text('properties', 'value_property'),
                    api.Column.translate_type('double'),
                ) }}
            end as double
        ) as value
    from ranked
    where
        (counting = 'once_per_session' and session_hit_number = 1)
        or (counting = 'every_event' and order_hit_number = 1)

)

select * from final
