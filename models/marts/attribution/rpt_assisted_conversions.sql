{#-
    One row per attribution goal x channel: conversions the channel closed (it was the last
    touch's channel) and conversions it assisted (it was on the path but not the last touch's
    channel, as Google Analytics counts assists), their values, and assisted / last-touch
    conversions (above 1: the channel mostly starts and nurtures; below 1: it mostly closes).
-#}

with touches as (

    select
        conversion_id,
        goal_id,
        conversion_value,
        channel,
        touch_number,
        touches_in_path
    from {{ ref('int_attribution_touches') }}

),

last_touches as (

    select
        conversion_id,
        channel as last_channel
    from touches
    where touch_number = touches_in_path

),

conversion_channels as (

    select distinct
        touches.conversion_id,
        touches.goal_id,
        touches.conversion_value,
        touches.channel,
        touches.channel = last_touches.last_channel as is_last_touch_channel
    from touches
    inner join last_touches
        on touches.conversion_id = last_touches.conversion_id

),

grouped as (

    select
        goal_id,
        channel,
        sum(case when is_last_touch_channel then 1 else 0 end) as last_touch_conversions,
        sum(case when is_last_touch_channel then conversion_value else 0 end)
            as last_touch_value,
        sum(case when is_last_touch_channel then 0 else 1 end) as assisted_conversions,
        sum(case when is_last_touch_channel then 0 else conversion_value end)
            as assisted_value
    from conversion_channels
    group by goal_id, channel

),

final as (

    select
        goal_id,
        channel,
        cast(last_touch_conversions as bigint) as last_touch_conversions,
        cast(last_touch_value as double) as last_touch_value,
        cast(assisted_conversions as bigint) as assisted_conversions,
        cast(assisted_value as double) as assisted_value,
        cast(assisted_conversions as double) / nullif(last_touch_conversions, 0)
            as assisted_to_last_touch_ratio
    from grouped

)

select * from final
