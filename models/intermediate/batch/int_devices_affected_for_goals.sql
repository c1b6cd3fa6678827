{#-
    One row per device whose counted goal hits this run may change: the affected devices, and
    every device with a hit of an every_event goal. Those goals count an order once across all
    devices (the earliest hit of an order_id wins), so a late event on one device can move an
    order's hit away from another: their (few) hits are recounted on every run.
-#}

with affected_devices as (

    select anonymous_id
    from {{ ref('int_devices_affected') }}

),

every_event_goals as (

    select goal_id
    from {{ ref('int_goals_validated') }}
    where counting = 'every_event'

),

matched as (

    select
        goal_id,
        anonymous_id
    from {{ ref('int_goal_hits_matched') }}

),

final as (

    select anonymous_id
    from affected_devices

    union

    select matched.anonymous_id
    from matched
    inner join every_event_goals
        on matched.goal_id = every_event_goals.goal_id

)

select * from final
