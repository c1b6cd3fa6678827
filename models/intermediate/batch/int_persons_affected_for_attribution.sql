{#-
    One row per person whose attribution journeys this run must rebuild (besides those whose
    journey lost a session to the moving lookback window, which int_attribution_journey_touches
    finds in its own rows): the affected persons, and the persons of every device whose counted
    conversions may move (int_devices_affected_for_goals).
-#}

with affected_persons as (

    select person_id
    from {{ ref('int_persons_affected') }}

),

goal_devices as (

    select anonymous_id
    from {{ ref('int_devices_affected_for_goals') }}

),

devices as (

    select
        anonymous_id,
        person_id
    from {{ ref('int_devices_stitched') }}

),

final as (

    select person_id
    from affected_persons

    union

    select devices.person_id
    from devices
    inner join goal_devices
        on devices.anonymous_id = goal_devices.anonymous_id

)

select * from final
