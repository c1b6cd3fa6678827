{#-
    One row per micro goal x scope (session or person) x channel (each channel, and `(all)`):
    the macro conversion rate of the units (non-bot sessions, or persons) that hit the micro goal
    and of those that did not, with both counts, their ratio (lift), and the share of macro
    conversions that the micro goal preceded (in the same session, or earlier for the person).
    A correlation, not a causal effect. A person's channel is that of their first session.
    The counts come per person shard from int_micro_goal_units_counted (built in buckets at
    scale); here they are summed, and rated.
-#}

with unit_counts as (

    select
        goal_id,
        scope,
        channel,
        units,
        converted_units,
        units_with_goal,
        conversions_with_goal,
        macro_conversions,
        macro_conversions_preceded
    from {{ ref('int_micro_goal_units_counted') }}

),

micro_goals as (

    select
        goal_id,
        goal_name,
        micro_type
    from {{ ref('int_goals_validated') }}
    where tier = 'micro'

),

{# The counts of each person shard add up (a unit and its conversions are in one shard). #}
by_channel as (

    select
        micro_goals.goal_id,
        micro_goals.goal_name,
        micro_goals.micro_type,
        unit_counts.scope,
        unit_counts.channel,
        sum(unit_counts.units_with_goal) as units_with_goal,
        sum(unit_counts.conversions_with_goal) as conversions_with_goal,
        sum(unit_counts.units - unit_counts.units_with_goal) as units_without_goal,
        sum(
            unit_counts.converted_units - unit_counts.conversions_with_goal
        ) as conversions_without_goal,
        sum(unit_counts.macro_conversions) as macro_conversions,
        sum(unit_counts.macro_conversions_preceded) as macro_conversions_preceded
    from unit_counts
    inner join micro_goals
        on unit_counts.goal_id = micro_goals.goal_id
    group by 1, 2, 3, 4, 5

),

by_channel_and_all as (

    select * from by_channel

    union all

    -- Every unit (and conversion) has exactly one channel, so the channels add up to all.
    select
        goal_id,
        goal_name,
        micro_type,
        scope,
        '(all)' as channel,
        sum(units_with_goal) as units_with_goal,
        sum(conversions_with_goal) as conversions_with_goal,
        sum(units_without_goal) as units_without_goal,
        sum(conversions_without_goal) as conversions_without_goal,
        sum(macro_conversions) as macro_conversions,
        sum(macro_conversions_preceded) as macro_conversions_preceded
    from by_channel
    group by 1, 2, 3, 4, 5

),

rated as (

    select
        *,
        case
            when units_with_goal > 0
                then cast(conversions_with_goal as double) / units_with_goal
        end as conversion_rate_with_goal,
        case
            when units_without_goal > 0
                then cast(conversions_without_goal as double) / units_without_goal
        end as conversion_rate_without_goal
    from by_channel_and_all

),

final as (

    select
        goal_id,
        goal_name,
        micro_type,
        scope,
        channel,
        cast(units_with_goal as bigint) as units_with_goal,
        cast(conversions_with_goal as bigint) as conversions_with_goal,
        cast(units_without_goal as bigint) as units_without_goal,
        cast(conversions_without_goal as bigint) as conversions_without_goal,
        conversion_rate_with_goal,
        conversion_rate_without_goal,
        case
            when conversion_rate_without_goal > 0
                then conversion_rate_with_goal / conversion_rate_without_goal
        end as lift,
        cast(macro_conversions as bigint) as macro_conversions,
        cast(macro_conversions_preceded as bigint) as macro_conversions_preceded,
        case
            when macro_conversions > 0
                then cast(macro_conversions_preceded as double) / macro_conversions
        end as share_of_macro_conversions_preceded
    from rated

)

select * from final
