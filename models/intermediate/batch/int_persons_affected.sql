{#-
    One row per person whose journeys this run may change: the person of every affected device,
    now and before the run (a device that signs in moves from its anonymous person to the
    user's). Incremental models keyed by person rebuild exactly these persons.
-#}

with devices as {{ inline_cte() }} (

    select
        anonymous_id,
        person_id,
        previous_person_id
    from {{ ref('int_devices_stitched') }}

),

affected_devices as (

    select anonymous_id
    from {{ ref('int_devices_affected') }}

),

persons as (

    select devices.person_id
    from devices
    inner join affected_devices
        on devices.anonymous_id = affected_devices.anonymous_id

    union

    select devices.previous_person_id as person_id
    from devices
    inner join affected_devices
        on devices.anonymous_id = affected_devices.anonymous_id
    where devices.previous_person_id is not null

),

final as (

    select distinct person_id
    from persons

)

select * from final
