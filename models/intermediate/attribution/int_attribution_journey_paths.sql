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
    by person: a run rebuilds the persons whose journey touches it rebuilt (the rows with the
    latest period_ends_at), replacing their journeys by journey_id (a conversion's journey can
    move to another person when a device signs in), and drops the journeys that no longer exist.
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
            and period_ends_at = (
                select max(latest.period_ends_at)
                from {{ ref('int_attribution_journey_touches') }} as latest
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
