{#-
    One row per conversion x touchpoint, with one column per rule-based model (first_touch,
    last_touch, last_non_direct, linear, time_decay, position_based) holding the touch's
    credit: the credits of one conversion under one model sum to 1. Weights come from vars
    time_decay_half_life_days, position_based_end_share and direct_channel.
-#}

{%- set end_share = var('position_based_end_share') -%}

with touches as (

    select
        conversion_id,
        touch_session_id,
        channel,
        touch_number,
        touches_in_path,
        days_before_conversion
    from {{ ref('int_attribution_touches') }}

),

weighted as (

    select
        *,
        coalesce(
            max(case when channel <> '{{ var("direct_channel") }}' then touch_number end) over (
                partition by conversion_id
            ),
            touches_in_path
        ) as last_non_direct_touch_number,
        power(2.0, -days_before_conversion / {{ var('time_decay_half_life_days') }})
            as time_decay_weight
    from touches

),

final as (

    select
        conversion_id,
        touch_session_id,
        cast(case when touch_number = 1 then 1.0 else 0.0 end as double) as first_touch,
        cast(case when touch_number = touches_in_path then 1.0 else 0.0 end as double)
            as last_touch,
        cast(
            case when touch_number = last_non_direct_touch_number then 1.0 else 0.0 end
            as double
        ) as last_non_direct,
        cast(1.0 / touches_in_path as double) as linear,
        cast(
            time_decay_weight / sum(time_decay_weight) over (partition by conversion_id)
            as double
        ) as time_decay,
        cast(
            case
                when touches_in_path = 1 then 1.0
                when touches_in_path = 2 then 0.5
                when touch_number = 1 or touch_number = touches_in_path then {{ end_share }}
                else (1.0 - 2 * {{ end_share }}) / (touches_in_path - 2)
            end as double
        ) as position_based
    from weighted

)

select * from final
