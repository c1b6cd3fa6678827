{#-
    One row per person whose journeys this run may change: the person of every affected device
    after this run's stitching, and before it (a device that signs in moves from its anonymous
    person to the user's). Before it: the journal int_persons_before_stitching, which also keeps
    the former persons of a run that did not finish, and previous_person_id, the person the
    stitching replaced (the same persons, unless a selection built int_devices_stitched without
    the journal). Incremental models keyed by person rebuild exactly these persons.
-#}

with affected_devices as (

    select
        devices.person_id,
        devices.previous_person_id
    from {{ ref('int_devices_stitched') }} as devices
    inner join {{ ref('int_devices_affected') }} as affected
        on devices.anonymous_id = affected.anonymous_id

),

final as (

    select person_id
    from affected_devices

    union

    select previous_person_id as person_id
    from affected_devices
    where previous_person_id is not null

    union

    select person_id
    from {{ ref('int_persons_before_stitching') }}

)

select
    person_id,
    {{ build_stamp() }} as built_at
from final
