{#-
    One row per attribution goal x path (channels, consecutive repeats collapsed): the journeys
    with exactly that path, how many converted, and the path's conversion rate (Shapley's
    coalition value).
-#}

with journey_paths as (

    select
        goal_id,
        path,
        is_converting
    from {{ ref('int_attribution_journey_paths') }}

),

final as (

    select
        goal_id,
        path,
        cast(count(*) as bigint) as journeys,
        cast(sum(case when is_converting then 1 else 0 end) as bigint) as converting_journeys,
        cast(sum(case when is_converting then 1 else 0 end) as double) / count(*)
            as path_conversion_rate
    from journey_paths
    group by goal_id, path

)

select * from final
