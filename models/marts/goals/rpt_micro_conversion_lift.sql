{#-
    One row per micro goal x scope (session or person) x channel (each channel, and `(all)`):
    the macro conversion rate of the units (non-bot sessions, or persons) that hit the micro goal
    and of those that did not, with both counts, their ratio (lift), and the share of macro
    conversions that the micro goal preceded (in the same session, or earlier for the person).
    A correlation, not a causal effect. A person's channel is that of their first session.
-#}

with sessions as (

    select
        session_id,
        person_id,
        started_at,
        channel
    from {{ ref('fct_sessions') }}
    where not is_bot

),

hits as (

    select
        goal_hit_id,
        goal_id,
        tier,
        session_id,
        person_id,
        hit_at
    from {{ ref('fct_goal_hits') }}

),

micro_goals as (

    select
        goal_id,
        goal_name,
        micro_type
    from {{ ref('int_goals_validated') }}
    where tier = 'micro'

),

person_channels as (

    select
        person_id,
        channel
    from (
        select
            person_id,
            channel,
            row_number() over (
                partition by person_id order by started_at, session_id
            ) as session_rank
        from sessions
    ) as ranked_sessions
    where session_rank = 1

),

units as (

    select
        'session' as scope,
        sessions.session_id as unit_id,
        sessions.channel
    from sessions

    union all

    select
        'person' as scope,
        person_channels.person_id as unit_id,
        person_channels.channel
    from person_channels

),

{# Macro and micro hits of each unit, apart: the few macro hits keep their id, the many micro
    hits only what the first-hit join needs (at 100 million events one table of every hit with
    its id, stored for four readers, spilled past the free disk). #}
macro_hits as (

    select
        'session' as scope,
        session_id as unit_id,
        goal_hit_id,
        hit_at
    from hits
    where tier = 'macro'

    union all

    select
        'person' as scope,
        person_id as unit_id,
        goal_hit_id,
        hit_at
    from hits
    where tier = 'macro'

),

micro_hits as (

    select
        'session' as scope,
        session_id as unit_id,
        goal_id,
        hit_at
    from hits
    where tier = 'micro'

    union all

    select
        'person' as scope,
        person_id as unit_id,
        goal_id,
        hit_at
    from hits
    where tier = 'micro'

),

converted_units as (

    select distinct
        scope,
        unit_id
    from macro_hits

),

unit_flags as (

    select
        units.scope,
        units.unit_id,
        units.channel,
        converted_units.unit_id is not null as is_converted
    from units
    left join converted_units
        on
            units.scope = converted_units.scope
            and units.unit_id = converted_units.unit_id

),

{# A unit's first hit of each micro goal (one row per unit that hit it): a macro conversion is
    preceded by the goal when it comes at or after that first hit (one row per scope x goal x
    macro hit, no pairs of hits). #}
micro_firsts as (

    select
        scope,
        unit_id,
        goal_id,
        min(hit_at) as first_hit_at
    from micro_hits
    group by 1, 2, 3

),

preceded_conversions as (

    select
        micro_firsts.scope,
        micro_firsts.goal_id,
        macro_hits.goal_hit_id
    from macro_hits
    inner join micro_firsts
        on
            macro_hits.scope = micro_firsts.scope
            and macro_hits.unit_id = micro_firsts.unit_id
            and macro_hits.hit_at >= micro_firsts.first_hit_at

),

macro_conversions as (

    select
        macro_hits.scope,
        macro_hits.goal_hit_id,
        unit_flags.channel
    from macro_hits
    inner join unit_flags
        on
            macro_hits.scope = unit_flags.scope
            and macro_hits.unit_id = unit_flags.unit_id

),

totals as (

    select
        scope,
        channel,
        count(*) as units,
        sum(case when is_converted then 1 else 0 end) as converted_units
    from unit_flags
    group by 1, 2

),

with_goal as (

    select
        unit_flags.scope,
        unit_flags.channel,
        micro_firsts.goal_id,
        count(*) as units_with_goal,
        sum(case when unit_flags.is_converted then 1 else 0 end) as conversions_with_goal
    from micro_firsts
    inner join unit_flags
        on
            micro_firsts.scope = unit_flags.scope
            and micro_firsts.unit_id = unit_flags.unit_id
    group by 1, 2, 3

),

conversions as (

    select
        macro_conversions.scope,
        macro_conversions.channel,
        micro_goals.goal_id,
        count(*) as macro_conversions,
        sum(
            case when preceded_conversions.goal_hit_id is not null then 1 else 0 end
        ) as macro_conversions_preceded
    from macro_conversions
    cross join micro_goals
    left join preceded_conversions
        on
            macro_conversions.scope = preceded_conversions.scope
            and macro_conversions.goal_hit_id = preceded_conversions.goal_hit_id
            and micro_goals.goal_id = preceded_conversions.goal_id
    group by 1, 2, 3

),

by_channel as (

    select
        micro_goals.goal_id,
        micro_goals.goal_name,
        micro_goals.micro_type,
        totals.scope,
        totals.channel,
        coalesce(with_goal.units_with_goal, 0) as units_with_goal,
        coalesce(with_goal.conversions_with_goal, 0) as conversions_with_goal,
        totals.units - coalesce(with_goal.units_with_goal, 0) as units_without_goal,
        totals.converted_units
        - coalesce(with_goal.conversions_with_goal, 0) as conversions_without_goal,
        coalesce(conversions.macro_conversions, 0) as macro_conversions,
        coalesce(conversions.macro_conversions_preceded, 0) as macro_conversions_preceded
    from totals
    cross join micro_goals
    left join with_goal
        on
            totals.scope = with_goal.scope
            and totals.channel = with_goal.channel
            and micro_goals.goal_id = with_goal.goal_id
    left join conversions
        on
            totals.scope = conversions.scope
            and totals.channel = conversions.channel
            and micro_goals.goal_id = conversions.goal_id

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
