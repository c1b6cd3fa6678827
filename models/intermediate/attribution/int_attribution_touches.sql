{#-
    One row per conversion x touchpoint (the converting journeys of
    int_attribution_journey_touches), with the conversion's value and how long before the
    conversion the touch started.
-#}

with journey_touches as (

    select
        conversion_id,
        goal_id,
        person_id,
        journey_ends_at,
        touch_session_id,
        touch_started_at,
        channel,
        source,
        medium,
        campaign,
        touch_number,
        touches_in_path,
        path_position,
        path_positions,
        touches_in_position
    from {{ ref('int_attribution_journey_touches') }}
    where is_converting

),

conversions as (

    select
        conversion_id,
        conversion_value
    from {{ ref('int_attribution_conversions') }}

),

final as (

    select
        journey_touches.conversion_id,
        journey_touches.goal_id,
        journey_touches.person_id,
        journey_touches.journey_ends_at as converted_at,
        conversions.conversion_value,
        journey_touches.touch_session_id,
        journey_touches.touch_started_at,
        journey_touches.channel,
        journey_touches.source,
        journey_touches.medium,
        journey_touches.campaign,
        journey_touches.touch_number,
        journey_touches.touches_in_path,
        {{ seconds_between(
            'journey_touches.touch_started_at', 'journey_touches.journey_ends_at'
        ) }} / 86400.0 as days_before_conversion,
        journey_touches.path_position,
        journey_touches.path_positions,
        journey_touches.touches_in_position
    from journey_touches
    inner join conversions
        on journey_touches.conversion_id = conversions.conversion_id

)

select * from final
