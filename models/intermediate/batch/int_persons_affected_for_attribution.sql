{#-
    One row per person whose attribution journeys this run must rebuild: the affected persons,
    and the persons of every device whose counted conversions may move
    (int_devices_affected_for_goals). A journey depends on its person's sessions and
    conversions only (a non-converting journey's window ends at the person's own last session).
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
