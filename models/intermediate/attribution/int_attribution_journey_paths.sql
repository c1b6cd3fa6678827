-- depends_on: {{ ref('int_persons_affected_for_attribution') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='journey_id',
    post_hook=[
        "{{ insert_other_build_buckets(full_refresh_only=true) }}",
        "{{ delete_rows(this, 'journey_id not in (select journey_id from '
            ~ ref('int_attribution_journey_touches') ~ ')') }}",
    ],
) }}

{#-
    One row per journey (converting or not) of an attribution goal: its path, the steps of its
    path positions in order (int_attribution_journey_touches; by default the channels of its
    touches with consecutive repeats collapsed, "Email > Direct"). Incremental
    by person: a run rebuilds the journeys of the persons whose touches it rebuilt (those of
    int_persons_affected_for_attribution), replacing them by journey_id (a conversion's journey
    can move to another person when a device signs in), and drops the journeys that no longer
    exist in int_attribution_journey_touches. Both steps compare with the touches rather than
    trust the batch: a run stopped after the touches and before this model leaves the journeys
    of a device's former person here, and the next run's batch no longer names that person.
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
