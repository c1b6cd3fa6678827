{#-
    One row per person shard x scope (session or person) x channel x micro goal, where the
    shard has a non-bot unit of that channel: units, converted units (a macro hit), units that
    hit the goal and of those the converted ones, macro conversions and the ones the goal
    preceded, summed over the shard's persons from int_micro_goal_person_counts (a goal no unit
    hit counts zeros). A shard is a fixed hash of the person; every count adds up over shards,
    so rpt_micro_conversion_lift sums them. Rebuilt whole on every run: a sum over narrow stored
    counts, where the per-person work is incremental.
-#}

with person_counts as (

    select
        person_shard,
        scope,
        channel,
        goal_id,
        units,
        converted_units,
        units_with_goal,
        conversions_with_goal,
        macro_conversions,
        macro_conversions_preceded
    from {{ ref('int_micro_goal_person_counts') }}

),

micro_goals as (

    select goal_id
    from {{ ref('int_goals_validated') }}
    where tier = 'micro'

),

totals as (

    select
        person_shard,
        scope,
        channel,
        sum(units) as units,
        sum(converted_units) as converted_units,
        sum(macro_conversions) as macro_conversions
    from person_counts
    where goal_id is null
    group by 1, 2, 3

),

with_goal as (

    select
        person_shard,
        scope,
        channel,
        goal_id,
        sum(units_with_goal) as units_with_goal,
        sum(conversions_with_goal) as conversions_with_goal,
        sum(macro_conversions_preceded) as macro_conversions_preceded
    from person_counts
    where goal_id is not null
    group by 1, 2, 3, 4

),

final as (

    select
        totals.person_shard,
        totals.scope,
        totals.channel,
        micro_goals.goal_id,
        cast(totals.units as bigint) as units,
        cast(totals.converted_units as bigint) as converted_units,
        cast(coalesce(with_goal.units_with_goal, 0) as bigint) as units_with_goal,
        cast(coalesce(with_goal.conversions_with_goal, 0) as bigint) as conversions_with_goal,
        cast(totals.macro_conversions as bigint) as macro_conversions,
        cast(
            coalesce(with_goal.macro_conversions_preceded, 0) as bigint
        ) as macro_conversions_preceded
    from totals
    cross join micro_goals
    left join with_goal
        on
            totals.person_shard = with_goal.person_shard
            and totals.scope = with_goal.scope
            and totals.channel = with_goal.channel
            and micro_goals.goal_id = with_goal.goal_id

)

select * from final
