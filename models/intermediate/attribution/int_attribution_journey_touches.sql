{#-
    One row per journey x touchpoint, for each attribution goal. A converting journey is one
    conversion's touches: the person's non-bot sessions that started at or before it and at most
    var attribution_lookback_days before it (the converting session always included). A person
    without a conversion of the goal has one non-converting journey, with its own window like a
    conversion's: it ends at the start of the person's last non-bot session and looks back
    attribution_lookback_days, so no session of another person, and no build date, changes it.
    Touches are numbered in time order; preceding_touch_channel is the channel of the journey's
    touch before (null for its first touch: the Markov chain's step from (start)), and
    is_first_channel_touch marks the journey's first touch of each channel, so the chain and
    the channel report count without sorting every journey again. path_position numbers the
    touch's position in the journey's path as the data-driven models see it (vars
    attribution_path_remove_direct, attribution_path_transform, attribution_path_max_positions,
    applied in that order; null: the touch is not on the path), path_step names the position
    (its channel; frequency: "Email(2)").

    Incremental by person: a run rebuilds the persons of int_persons_affected_for_attribution
    (every journey depends on its person's sessions and conversions only); period_ends_at (the
    latest session start in the warehouse when the row was built) marks the rows a run rebuilt.

    A full build with var `build_buckets` > 1 takes one bucket of persons at a time (every
    journey is one person's). An incremental run is one statement: a bucket could not delete
    the rows of the persons it rebuilds from this table.
-#}

-- depends_on: {{ ref('int_persons_affected_for_attribution') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='person_id',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected_for_attribution') }}",
    post_hook="{{ insert_other_build_buckets(full_refresh_only=true) }}",
) }}

{%- set path = attribution_path_settings() -%}
{%- set direct = "'" ~ var('direct_channel') ~ "'" %}

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

persons as (

    select
        person_id,
        max(started_at) as last_session_started_at
    from sessions
    {% if is_incremental() -%}
        where person_id in (
            select affected.person_id
            from {{ ref('int_persons_affected_for_attribution') }} as affected
        )
    {%- endif %}
    group by person_id

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
        persons.last_session_started_at as journey_ends_at
    from attribution_goals
    cross join persons
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
        ) as touch_number,
        lag(sessions.channel) over (
            partition by journeys.journey_id
            order by sessions.started_at, sessions.session_id
        ) as preceding_touch_channel,
        row_number() over (
            partition by journeys.journey_id, sessions.channel
            order by sessions.started_at, sessions.session_id
        ) = 1 as is_first_channel_touch
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

on_path as (

    {#- remove_if_not_all drops every direct touch, remove_if_last_and_not_all the direct touches
        after the last other one; a journey of direct touches only keeps them all. -#}

    select
        *,
        {% if path.remove_direct == 'remove_if_not_all' -%}
            channel <> {{ direct }}
            or max(case when channel <> {{ direct }} then 1 else 0 end) over (
                partition by journey_id
            ) = 0
        {%- elif path.remove_direct == 'remove_if_last_and_not_all' -%}
            touch_number <= coalesce(
                max(case when channel <> {{ direct }} then touch_number end) over (
                    partition by journey_id
                ),
                touch_number
            )
        {%- else -%}
            true
        {%- endif %} as is_on_path
    from touches

),

channel_changes as (

    select
        *,
        lag(channel) over (partition by journey_id order by touch_number) as previous_channel,
        min(touch_number) over (partition by journey_id, channel) as first_channel_touch_number,
        count(*) over (partition by journey_id, channel) as channel_touches
    from on_path
    where is_on_path

),

position_starts as (

    select
        *,
        {% if path.transform == 'exposure' -%}
            case when channel = previous_channel then 0 else 1 end
        {%- elif path.transform == 'unique' -%}
            1
        {%- else -%}
            case when touch_number = first_channel_touch_number then 1 else 0 end
        {%- endif %} as starts_position
    from channel_changes

),

positioned as (

    {#- unique and exposure: a new position at each start; first and frequency: a channel's
        touches all take the position of its first touch. -#}

    select
        *,
        {% if path.transform in ['first', 'frequency'] -%}
            dense_rank() over (partition by journey_id order by first_channel_touch_number)
        {%- else -%}
            sum(starts_position) over (
                partition by journey_id order by touch_number
                rows between unbounded preceding and current row
            )
        {%- endif %} as untrimmed_position,
        {% if path.transform == 'frequency' -%}
            {{ dbt.concat([
                'channel', "'('", 'cast(channel_touches as ' ~ dbt.type_string() ~ ')', "')'"
            ]) }}
        {%- else -%}
            channel
        {%- endif %} as path_step
    from position_starts

),

path_touches as (

    {#- trim_long_path: keep the last attribution_path_max_positions positions, renumbered. -#}

    select
        journey_id,
        touch_number,
        path_step,
        {% if path.max_positions > 0 -%}
            untrimmed_position - greatest(
                max(untrimmed_position) over (partition by journey_id)
                - {{ path.max_positions }},
                0
            )
        {%- else -%}
            untrimmed_position
        {%- endif %} as path_position
    from positioned

),

positioned_touches as (

    select
        touches.*,
        path_touches.path_step,
        path_touches.path_position
    from touches
    left join path_touches
        on
            touches.journey_id = path_touches.journey_id
            and touches.touch_number = path_touches.touch_number
            and path_touches.path_position >= 1

),

final as (

    select
        journey_id,
        goal_id,
        person_id,
        is_converting,
        conversion_id,
        journey_ends_at,
        period_ends_at,
        touch_session_id,
        touch_started_at,
        channel,
        source,
        medium,
        campaign,
        preceding_touch_channel,
        is_first_channel_touch,
        cast(touch_number as bigint) as touch_number,
        cast(count(*) over (partition by journey_id) as bigint) as touches_in_path,
        cast(path_position as bigint) as path_position,
        cast(max(path_position) over (partition by journey_id) as bigint) as path_positions,
        cast(
            case
                when path_position is not null
                    then count(*) over (partition by journey_id, path_position)
            end as bigint
        ) as touches_in_position,
        path_step
    from positioned_touches

)

select * from final
