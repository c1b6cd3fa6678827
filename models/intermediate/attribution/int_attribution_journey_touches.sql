{#-
    One row per journey x touchpoint, for each attribution goal. A converting journey is one
    conversion's touches: the person's non-bot sessions that started at or before it and at most
    var attribution_lookback_days before it (the converting session always included). A person
    without a conversion of the goal has one non-converting journey: the sessions of the
    lookback window before the period's end (the latest session start in the warehouse).
    Touches are numbered in time order; path_position numbers the path whose consecutive
    repeats of a channel are collapsed (as Shapley and the path reports use).

    Incremental by person: a run rebuilds the persons of int_persons_affected_for_attribution and
    those whose non-converting journey lost a session to the lookback window as the period's end
    moved (found in this table's own rows); period_ends_at marks the rows a run rebuilt.

    A full build with var `build_buckets` > 1 takes one bucket of persons at a time (every
    journey is one person's; `period` still reads every session). An incremental run is one
    statement: a bucket could not delete the rows of the persons it rebuilds from this table.
-#}

-- depends_on: {{ ref('int_persons_affected_for_attribution') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='person_id',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected_for_attribution') }}",
    post_hook=[
        "{{ insert_other_build_buckets(full_refresh_only=true) }}",
        "{{ delete_rows(this, 'not is_converting and touch_started_at < ' ~
            dbt.dateadd('day', -var('attribution_lookback_days'),
                '(select max(started_at) from ' ~ ref('int_sessions_classified') ~ ')')) }}",
    ],
) }}

with conversions as (

    select
        conversion_id,
        goal_id,
        person_id,
        converting_session_id,
        converted_at
    from {{ ref('int_attribution_conversions') }}

),

attribution_goals as (

    select goal_id
    from {{ ref('int_attribution_goals') }}

),

all_sessions as (

    select
        session_id,
        person_id,
        started_at,
        channel,
        source,
        medium,
        campaign,
        is_bot
    from {{ ref('int_sessions_classified') }}

),

sessions as (

    select * from all_sessions
    where
        not is_bot
        {% if not is_incremental() -%}
            and {{ in_build_bucket('person_id') }}
        {%- endif %}

),

period as (

    select max(started_at) as period_ends_at
    from all_sessions

),

{% if is_incremental() %}
rebuilt_persons as (

    select person_id
    from {{ ref('int_persons_affected_for_attribution') }}

    union

    select previous.person_id
    from {{ this }} as previous
    cross join period
    where
        not previous.is_converting
        and previous.touch_started_at < {{ dbt.dateadd(
            'day', -var('attribution_lookback_days'), 'period.period_ends_at'
        ) }}

),

{% endif %}
persons as (

    select distinct person_id
    from sessions
    {% if is_incremental() -%}
        where person_id in (select rebuilt_persons.person_id from rebuilt_persons)
    {%- endif %}

),

converted_persons as (

    select distinct
        goal_id,
        person_id
    from conversions

),

converting_journeys as (

    select
        conversions.conversion_id as journey_id,
        conversions.goal_id,
        conversions.person_id,
        true as is_converting,
        conversions.conversion_id,
        conversions.converting_session_id,
        conversions.converted_at as journey_ends_at
    from conversions
    inner join persons
        on conversions.person_id = persons.person_id

),

non_converting_journeys as (

    select
        {{ dbt.hash(dbt.concat(['attribution_goals.goal_id', "'|'", 'persons.person_id'])) }}
            as journey_id,
        attribution_goals.goal_id,
        persons.person_id,
        false as is_converting,
        cast(null as {{ dbt.type_string() }}) as conversion_id,
        cast(null as {{ dbt.type_string() }}) as converting_session_id,
        period.period_ends_at as journey_ends_at
    from attribution_goals
    cross join persons
    cross join period
    left join converted_persons
        on
            attribution_goals.goal_id = converted_persons.goal_id
            and persons.person_id = converted_persons.person_id
    where converted_persons.person_id is null

),

journeys as (

    select * from converting_journeys
    union all
    select * from non_converting_journeys

),

touches as (

    select
        journeys.journey_id,
        journeys.goal_id,
        journeys.person_id,
        journeys.is_converting,
        journeys.conversion_id,
        journeys.journey_ends_at,
        period.period_ends_at,
        sessions.session_id as touch_session_id,
        sessions.started_at as touch_started_at,
        sessions.channel,
        sessions.source,
        sessions.medium,
        sessions.campaign,
        row_number() over (
            partition by journeys.journey_id
            order by sessions.started_at, sessions.session_id
        ) as touch_number
    from journeys
    cross join period
    inner join sessions
        on
            journeys.person_id = sessions.person_id
            and journeys.journey_ends_at >= sessions.started_at
            and (
                sessions.started_at >= {{ dbt.dateadd(
                    'day', -var('attribution_lookback_days'), 'journeys.journey_ends_at'
                ) }}
                or journeys.converting_session_id = sessions.session_id
            )

),

channel_changes as (

    select
        *,
        lag(channel) over (partition by journey_id order by touch_number) as previous_channel
    from touches

),

position_starts as (

    select
        *,
        case when channel = previous_channel then 0 else 1 end as starts_position
    from channel_changes

),

positioned as (

    select
        *,
        sum(starts_position) over (
            partition by journey_id order by touch_number
            rows between unbounded preceding and current row
        ) as path_position
    from position_starts

),

final as (

    select
        journey_id,
        goal_id,
        person_id,
        is_converting,
        conversion_id,
        case when is_converting then journey_ends_at end as journey_ends_at,
        period_ends_at,
        touch_session_id,
        touch_started_at,
        channel,
        source,
        medium,
        campaign,
        cast(touch_number as bigint) as touch_number,
        cast(count(*) over (partition by journey_id) as bigint) as touches_in_path,
        cast(path_position as bigint) as path_position,
        cast(max(path_position) over (partition by journey_id) as bigint) as path_positions,
        cast(count(*) over (
            partition by journey_id, path_position
        ) as bigint) as touches_in_position
    from positioned

)

select * from final
