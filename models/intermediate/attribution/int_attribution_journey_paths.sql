-- depends_on: {{ ref('int_persons_affected_for_attribution') }}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected_for_attribution') }}",
    post_hook="{{ insert_other_build_buckets(full_refresh_only=true) }}",
) }}

{#-
    One row per journey (converting or not) of an attribution goal: its path, the steps of its
    path positions in order (int_attribution_journey_touches; by default the channels of its
    touches with consecutive repeats collapsed, "Email > Direct"). Incremental by person, as
    int_attribution_journey_touches: a run deletes the journeys of the persons of
    int_persons_affected_for_attribution and inserts them again from those persons' touches. A
    journey that no longer exists was one of theirs; a conversion's journey that moves to another
    person when a device signs in moves between two of them (the former person is in the batch
    through int_persons_before_stitching, also on the rerun of a stopped run: docs/decisions/
    0029).
    A full build with var `build_buckets` > 1 aggregates one bucket of persons at a time (the
    ordered path aggregate ran out of memory at 100 million events in one statement).
-#}

with journey_touches as (

    select
        journey_id,
        goal_id,
        person_id,
        is_converting,
        conversion_id,
        path_step,
        path_position,
        path_positions
    from {{ ref('int_attribution_journey_touches') }}
    where
        path_position is not null
        {% if not is_incremental() -%}
            and {{ in_build_bucket('person_id') }}
        {%- else -%}
            and person_id in (
                select affected.person_id
                from {{ ref('int_persons_affected_for_attribution') }} as affected
            )
        {%- endif %}

),

positions as (

    select distinct
        journey_id,
        goal_id,
        person_id,
        is_converting,
        conversion_id,
        path_positions,
        path_position,
        path_step
    from journey_touches

),

final as (

    select
        journey_id,
        goal_id,
        person_id,
        is_converting,
        conversion_id,
        path_positions,
        {{ dbt.listagg('path_step', "' > '", 'order by path_position') }} as path
    from positions
    group by journey_id, goal_id, person_id, is_converting, conversion_id, path_positions

)

select * from final
