{#-
    One row per attribution goal x converting path x path position: the position's Shapley
    share (Google's fractribution's leave-one-out method). A path's conversion rate is its
    converting journeys / all its journeys (a path never seen: 0). The marginal contribution of
    position i is max(0, rate(path) - rate(path without position i)); shares are contributions
    normalised over the path's positions, and when every contribution is 0 the last position
    takes all. The touches of one position share its credit.

    With var shapley_recollapse_repeats (true) and the exposure path transform, the path without
    position i has the repeat it brings together collapsed again (A > B > A without B is A, not
    A > A): a departure from fractribution, which looks up A > A (never seen under exposure, so
    rate 0). False computes exactly as fractribution does.
-#}

{%- set recollapse = attribution_path_settings().recollapse %}

with journey_paths as (

    select
        journey_id,
        goal_id,
        path
    from {{ ref('int_attribution_journey_paths') }}
    where is_converting

),

path_rates as (

    select
        goal_id,
        path,
        path_conversion_rate
    from {{ ref('int_attribution_path_rates') }}

),

journey_touches as (

    select
        journey_id,
        channel,
        path_step,
        path_position,
        path_positions
    from {{ ref('int_attribution_journey_touches') }}
    where is_converting and path_position is not null

),

path_positions as (

    select distinct
        journey_paths.goal_id,
        journey_paths.path,
        journey_touches.path_positions,
        journey_touches.path_position,
        journey_touches.path_step,
        journey_touches.channel
    from journey_paths
    inner join journey_touches
        on journey_paths.journey_id = journey_touches.journey_id

),

neighbours as (

    select
        *,
        lag(path_step) over (
            partition by goal_id, path order by path_position
        ) as previous_step
    from path_positions

),

reduced_paths as (

    {#- The path without position i: drop i (recollapsing: and its right neighbour if it
        repeats its left one). -#}

    select
        removed.goal_id,
        removed.path,
        removed.path_position,
        {{ dbt.listagg('kept.path_step', "' > '", 'order by kept.path_position') }}
            as reduced_path
    from neighbours as removed
    inner join path_positions as kept
        on
            removed.goal_id = kept.goal_id
            and removed.path = kept.path
            and removed.path_position <> kept.path_position
            {% if recollapse -%}
                and not (
                    kept.path_position = removed.path_position + 1
                    and kept.path_step = coalesce(removed.previous_step, '')
                )
            {%- endif %}
    group by removed.goal_id, removed.path, removed.path_position

),

contributions as (

    select
        neighbours.goal_id,
        neighbours.path,
        neighbours.path_positions,
        neighbours.path_position,
        neighbours.path_step,
        neighbours.channel,
        full_path.path_conversion_rate,
        reduced_paths.reduced_path,
        coalesce(reduced_rate.path_conversion_rate, 0.0) as reduced_path_conversion_rate,
        greatest(
            0.0,
            full_path.path_conversion_rate - coalesce(reduced_rate.path_conversion_rate, 0.0)
        ) as contribution
    from neighbours
    inner join path_rates as full_path
        on
            neighbours.goal_id = full_path.goal_id
            and neighbours.path = full_path.path
    left join reduced_paths
        on
            neighbours.goal_id = reduced_paths.goal_id
            and neighbours.path = reduced_paths.path
            and neighbours.path_position = reduced_paths.path_position
    left join path_rates as reduced_rate
        on
            reduced_paths.goal_id = reduced_rate.goal_id
            and reduced_paths.reduced_path = reduced_rate.path

),

final as (

    select
        goal_id,
        path,
        path_positions,
        path_position,
        path_step,
        channel,
        cast(path_conversion_rate as double) as path_conversion_rate,
        reduced_path,
        cast(reduced_path_conversion_rate as double) as reduced_path_conversion_rate,
        cast(contribution as double) as contribution,
        cast(
            case
                when sum(contribution) over (partition by goal_id, path) > 0
                    then contribution / sum(contribution) over (partition by goal_id, path)
                when path_position = path_positions then 1.0
                else 0.0
            end as double
        ) as shapley_share
    from contributions

)

select * from final
