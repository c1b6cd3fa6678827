{#-
    One row per attribution goal x conversion path (the channels of the conversion's touches in
    time order, consecutive repeats collapsed, as Google Analytics' top conversion paths):
    conversions, their value, the share of the goal's conversions, and the path's rank.
-#}

with journey_paths as (

    select
        goal_id,
        conversion_id,
        path,
        path_positions
    from {{ ref('int_attribution_journey_paths') }}
    where is_converting

),

conversion_values as (

    select
        conversion_id,
        conversion_value
    from {{ ref('int_attribution_conversions') }}

),

conversions as (

    select
        journey_paths.goal_id,
        journey_paths.path,
        journey_paths.path_positions as path_channels,
        conversion_values.conversion_value
    from journey_paths
    inner join conversion_values
        on journey_paths.conversion_id = conversion_values.conversion_id

),

paths as (

    {{ summarize_conversions('conversions', ['path', 'path_channels']) }}

),

final as (

    select
        goal_id,
        cast(row_number() over (
            partition by goal_id
            order by conversions desc, round(conversion_value, 6) desc, path asc
        ) as bigint) as path_rank,
        path,
        cast(path_channels as bigint) as path_channels,
        conversions,
        conversion_value,
        share_of_conversions
    from paths

)

select * from final
