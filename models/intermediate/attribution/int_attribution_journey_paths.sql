{#-
    One row per journey (converting or not) of an attribution goal: its path, the channels of
    its touches in time order with consecutive repeats collapsed ("Email > Direct"), and the
    path's conversion rate over all journeys of the goal with exactly that path.
-#}

with journey_touches as (

    select
        journey_id,
        goal_id,
        is_converting,
        conversion_id,
        channel,
        path_position,
        path_positions
    from {{ ref('int_attribution_journey_touches') }}

),

positions as (

    select distinct
        journey_id,
        goal_id,
        is_converting,
        conversion_id,
        path_positions,
        path_position,
        channel
    from journey_touches

),

paths as (

    select
        journey_id,
        goal_id,
        is_converting,
        conversion_id,
        path_positions,
        {{ dbt.listagg('channel', "' > '", 'order by path_position') }} as path
    from positions
    group by journey_id, goal_id, is_converting, conversion_id, path_positions

),

final as (

    select
        journey_id,
        goal_id,
        is_converting,
        conversion_id,
        path,
        path_positions,
        cast(
            sum(case when is_converting then 1 else 0 end) over (partition by goal_id, path)
            as double
        ) / count(*) over (partition by goal_id, path) as path_conversion_rate
    from paths

)

select * from final
