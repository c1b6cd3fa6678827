{{ config(
    post_hook="{{ insert_other_build_buckets() }}",
) }}

{#-
    One row per person shard x scope (session or person) x channel x micro goal: the non-bot
    sessions (or persons) of the shard, how many converted (a macro hit), how many hit the micro
    goal and of those how many converted, the macro conversions and how many of them the micro
    goal preceded (at or after the unit's first hit of it). Every count adds up over shards, so
    rpt_micro_conversion_lift sums them.
    A shard is a fixed hash of the person (`person_shards` of them) and holds all of a person's
    sessions and hits, so with var `build_buckets` > 1 the model is built one bucket of shards
    at a time (macros/incremental/build_buckets.sql) and is the same table whatever the number
    of buckets. At 100 million events the one-statement report spilled past the free disk: its
    50.8 million (unit, micro goal) pairs and 36.1 million units (docs/decisions/0006).
-#}

{#- Fixed, so that a row's counts do not depend on `build_buckets`; any bucket count up to it
    spreads the shards over every bucket. -#}
{%- set person_shards = 64 -%}
{%- set person_shard = build_bucket_of('person_id', person_shards) -%}

with sessions as (

    select
        session_id,
        person_id,
        {{ person_shard }} as person_shard,
        started_at,
        channel
    from {{ ref('fct_sessions') }}
    where
        not is_bot
        and {{ in_build_bucket(person_shard) }}

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
    where {{ in_build_bucket(person_shard) }}

),

micro_goals as (

    select goal_id
    from {{ ref('int_goals_validated') }}
    where tier = 'micro'

),

person_channels as (

    select
        person_id,
        person_shard,
        channel
    from (
        select
            person_id,
            person_shard,
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
        sessions.person_shard,
        sessions.channel
    from sessions

    union all

    select
        'person' as scope,
        person_channels.person_id as unit_id,
        person_channels.person_shard,
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
        units.person_shard,
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
        unit_flags.person_shard,
        unit_flags.channel
    from macro_hits
    inner join unit_flags
        on
            macro_hits.scope = unit_flags.scope
            and macro_hits.unit_id = unit_flags.unit_id

),

totals as (

    select
        person_shard,
        scope,
        channel,
        count(*) as units,
        sum(case when is_converted then 1 else 0 end) as converted_units
    from unit_flags
    group by 1, 2, 3

),

with_goal as (

    select
        unit_flags.person_shard,
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
    group by 1, 2, 3, 4

),

conversions as (

    select
        macro_conversions.person_shard,
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
    group by 1, 2, 3, 4

),

final as (

    select
        cast(totals.person_shard as integer) as person_shard,
        totals.scope,
        totals.channel,
        micro_goals.goal_id,
        cast(totals.units as bigint) as units,
        cast(totals.converted_units as bigint) as converted_units,
        cast(coalesce(with_goal.units_with_goal, 0) as bigint) as units_with_goal,
        cast(coalesce(with_goal.conversions_with_goal, 0) as bigint) as conversions_with_goal,
        cast(coalesce(conversions.macro_conversions, 0) as bigint) as macro_conversions,
        cast(
            coalesce(conversions.macro_conversions_preceded, 0) as bigint
        ) as macro_conversions_preceded
    from totals
    cross join micro_goals
    left join with_goal
        on
            totals.person_shard = with_goal.person_shard
            and totals.scope = with_goal.scope
            and totals.channel = with_goal.channel
            and micro_goals.goal_id = with_goal.goal_id
    left join conversions
        on
            totals.person_shard = conversions.person_shard
            and totals.scope = conversions.scope
            and totals.channel = conversions.channel
            and micro_goals.goal_id = conversions.goal_id

)

select * from final
