{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected_for_attribution') }}",
    post_hook="{{ insert_other_build_buckets(full_refresh_only=true) }}",
) }}

{#-
    The lift's counts per person: one row per person x scope (session or person) x channel with
    the person's non-bot units (sessions, or the person) of that channel, how many converted (a
    macro hit), their macro conversions and the sum of their values (macro_value, a null value
    counting 0) (goal_id null), and one row per person x scope x
    channel x micro goal the units hit: how many units hit it, how many of those converted, and
    how many macro conversions the goal preceded (at or after the unit's first hit of it). A
    person's channel is that of their first session. Every count adds up over persons:
    int_micro_goal_units_counted sums them per person shard; rpt_micro_goal_values reads the
    person scope's rows (each person's channel, macro value and micro goals).
    Incremental by person: every count depends on one person's sessions and hits only, so a run
    rebuilds the persons of int_persons_affected_for_attribution; counting every session and
    hit of the history every day made the lift grow with it (docs/performance.md, "History
    growth"). A full build with var `build_buckets` > 1 takes one bucket of person shards at a
    time (macros/incremental/build_buckets.sql): at 100 million events the one-statement count
    spilled past the free disk, its 50.8 million (unit, micro goal) pairs and 36.1 million units
    (docs/decisions/0006). An incremental run is one statement (a bucket could not delete the
    rows of the persons it rebuilds).
-#}

{#- Fixed, so that a row's shard does not depend on `build_buckets`; any bucket count up to it
    spreads the shards over every bucket. -#}
{%- set person_shards = 64 -%}
{%- set person_shard = build_bucket_of('person_id', person_shards) -%}
{%- set in_batch -%}
    {{ in_batch_keys('person_id', 'int_persons_affected_for_attribution') }}
    {%- if not is_incremental() %} and {{ in_build_bucket(person_shard) }}{% endif -%}
{%- endset %}

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
        and {{ in_batch }}

),

hits as (

    select
        goal_hit_id,
        goal_id,
        tier,
        session_id,
        person_id,
        hit_at,
        value
    from {{ ref('fct_goal_hits') }}
    where {{ in_batch }}

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
        session_id as unit_id,
        person_id,
        person_shard,
        channel
    from sessions

    union all

    select
        'person' as scope,
        person_id as unit_id,
        person_id,
        person_shard,
        channel
    from person_channels

),

{# Macro and micro hits of each unit, apart: the few macro hits keep their id, the many micro
    hits only what the first-hit join needs. #}
macro_hits as (

    select
        'session' as scope,
        session_id as unit_id,
        goal_hit_id,
        hit_at,
        value
    from hits
    where tier = 'macro'

    union all

    select
        'person' as scope,
        person_id as unit_id,
        goal_hit_id,
        hit_at,
        value
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

unit_conversions as (

    select
        scope,
        unit_id,
        count(*) as macro_conversions,
        sum(coalesce(value, 0.0)) as macro_value
    from macro_hits
    group by 1, 2

),

unit_flags as (

    select
        units.scope,
        units.unit_id,
        units.person_id,
        units.person_shard,
        units.channel,
        case when unit_conversions.unit_id is not null then 1 else 0 end as is_converted,
        coalesce(unit_conversions.macro_conversions, 0) as macro_conversions,
        coalesce(unit_conversions.macro_value, 0.0) as macro_value
    from units
    left join unit_conversions
        on
            units.scope = unit_conversions.scope
            and units.unit_id = unit_conversions.unit_id

),

{# A unit's first hit of each micro goal (one row per unit that hit it): a macro conversion is
    preceded by the goal when it comes at or after that first hit (one row per unit x goal x
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

unit_goals as (

    select
        micro_firsts.scope,
        micro_firsts.unit_id,
        micro_firsts.goal_id,
        count(macro_hits.goal_hit_id) as macro_conversions_preceded
    from micro_firsts
    left join macro_hits
        on
            micro_firsts.scope = macro_hits.scope
            and micro_firsts.unit_id = macro_hits.unit_id
            and micro_firsts.first_hit_at <= macro_hits.hit_at
    group by 1, 2, 3

),

totals as (

    select
        person_id,
        person_shard,
        scope,
        channel,
        cast(null as {{ dbt.type_string() }}) as goal_id,
        count(*) as units,
        sum(is_converted) as converted_units,
        0 as units_with_goal,
        0 as conversions_with_goal,
        sum(macro_conversions) as macro_conversions,
        0 as macro_conversions_preceded,
        sum(macro_value) as macro_value
    from unit_flags
    group by 1, 2, 3, 4

),

with_goal as (

    select
        unit_flags.person_id,
        unit_flags.person_shard,
        unit_flags.scope,
        unit_flags.channel,
        unit_goals.goal_id,
        0 as units,
        0 as converted_units,
        count(*) as units_with_goal,
        sum(unit_flags.is_converted) as conversions_with_goal,
        0 as macro_conversions,
        sum(unit_goals.macro_conversions_preceded) as macro_conversions_preceded,
        0.0 as macro_value
    from unit_flags
    inner join unit_goals
        on
            unit_flags.scope = unit_goals.scope
            and unit_flags.unit_id = unit_goals.unit_id
    group by 1, 2, 3, 4, 5

),

person_counts as (

    select * from totals
    union all
    select * from with_goal

),

final as (

    select
        person_id,
        cast(person_shard as integer) as person_shard,
        scope,
        channel,
        goal_id,
        cast(units as bigint) as units,
        cast(converted_units as bigint) as converted_units,
        cast(units_with_goal as bigint) as units_with_goal,
        cast(conversions_with_goal as bigint) as conversions_with_goal,
        cast(macro_conversions as bigint) as macro_conversions,
        cast(macro_conversions_preceded as bigint) as macro_conversions_preceded,
        cast(macro_value as double) as macro_value
    from person_counts

)

select * from final
