{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected') }}",
    post_hook="{{ insert_other_build_buckets() }}",
) }}

{#-
    One row per clean event, with its session. A device's session starts at its first event,
    after a gap of more than `session_timeout_minutes`, and (with `new_session_on_campaign_change`)
    at an event whose campaign triple (utm_source, utm_medium, utm_campaign) differs from the
    session's current triple. Events without campaign parameters (direct, referral) never start a
    session and never clear the current triple. See docs/decisions/0002-sessionization.md.

    Speed: the windows run on the few narrow columns the rules need (a window sorts all it
    carries) and share one partition and order, so each of the three passes sorts once; the wide
    event columns join back by event_id at the end. `events` is inlined (`inline_cte`): each
    reader scans the staged events for its own columns. Stored once instead (DuckDB stores a CTE
    read twice), it cost memory and spill for nothing: at 10 million events peak memory
    8.4 -> 4.0 GB and spill 1.3 GB -> none (docs/decisions/0006). The staged events are read
    through the macro staged_events (the query of stg_landing__events) with the batch condition
    inside, so an incremental day joins and parses the affected devices' rows only
    (docs/decisions/0025). With var `build_buckets` > 1
    the model is built one bucket of devices at a time (macros/incremental/build_buckets.sql),
    for event tables whose windows would spill in one statement. Positions (event_rank) stand in
    for the nested partitions a direct translation would need (by visit, by session).

    With var `sessionize_by: collector`, a row with the collector's own session id
    (collector_session_id) starts a session when the id differs from the device's previous
    row's, and neither the timeout nor a campaign change splits it; rows without one follow the
    rules (docs/collectors.md).
-#}

{%- set device_order = 'partition by anonymous_id order by event_at, event_id' -%}
{%- set up_to_here = device_order ~ ' rows between unbounded preceding and current row' -%}
{%- set before_here = device_order ~ ' rows between unbounded preceding and 1 preceding' -%}

-- depends_on: {{ ref('stg_landing__events') }}
with events as {{ inline_cte() }} (

    select
        event_id,
        event_name,
        event_at,
        anonymous_id,
        page_url,
        page_path,
        referrer_host,
        utm_source,
        utm_medium,
        utm_campaign,
        click_id,
        device_category,
        user_agent,
        country,
        properties,
        collector_session_id,
        engagement_time_msec,
        session_engaged
    from (
        {{ staged_events(
            in_batch_keys('landed_rows.anonymous_id', 'int_devices_affected', 'anonymous_id')
            ~ ' and ' ~ in_build_bucket('landed_rows.anonymous_id')
        ) }}
    ) as staged

),

ranked as (

    select
        event_id,
        anonymous_id,
        event_at,
        event_name,
        {% if var('sessionize_by') == 'collector' -%}
            collector_session_id,
            lag(collector_session_id) over ({{ device_order }}) as previous_collector_session_id,
        {%- else -%}
            cast(null as {{ dbt.type_string() }}) as collector_session_id,
        {%- endif %}
        case
            when utm_source is not null or utm_medium is not null or utm_campaign is not null
                then {{ dbt.concat([
                    "coalesce(utm_source, '')", "'|'",
                    "coalesce(utm_medium, '')", "'|'",
                    "coalesce(utm_campaign, '')",
                ]) }}
        end as campaign_key,
        case when event_name = 'page_view' then 1 else 0 end as is_page_view,
        row_number() over ({{ device_order }}) as event_rank,
        lag(event_at) over ({{ device_order }}) as previous_event_at,
        sum(case when event_name = 'page_view' then 1 else 0 end)
            over ({{ up_to_here }}) as page_views_so_far
    from events

),

visit_starts as (

    select
        *,
        case
            when previous_event_at is null then 1
            {% if var('sessionize_by') == 'collector' -%}
                {#- the collector's session: a new id starts one, nothing else splits it #}
                when collector_session_id is not null
                    then case
                        when previous_collector_session_id is null
                            or previous_collector_session_id != collector_session_id
                            then 1
                        else 0
                    end
            {%- endif %}
            when {{ seconds_between('previous_event_at', 'event_at') }}
                > {{ var('session_timeout_minutes') }} * 60
                then 1
            {% if var('split_sessions_at_midnight') %}
            when {{ to_reporting_date('previous_event_at') }} != {{ to_reporting_date('event_at') }}
                then 1
            {% endif %}
            else 0
        end as is_visit_start
    from ranked

),

{# The session's current triple: the last triple before this event, if it came in this visit. #}
campaign_context as (

    select
        *,
        max(case when is_visit_start = 1 then event_rank end)
            over ({{ up_to_here }}) as visit_start_rank,
        {{ last_non_null_value(
            'case when campaign_key is not null then event_rank end', before_here
        ) }} as previous_campaign_rank,
        {{ last_non_null_value('campaign_key', before_here) }} as previous_campaign_key
    from visit_starts

),

session_starts as (

    select
        *,
        case
            when is_visit_start = 1 then 1
            {% if var('new_session_on_campaign_change') %}
                when campaign_key is not null
                    and collector_session_id is null
                    and (
                        previous_campaign_rank is null
                        or previous_campaign_rank < visit_start_rank
                        or campaign_key != previous_campaign_key
                    )
                    then 1
            {% endif %}
            else 0
        end as is_session_start
    from campaign_context

),

numbered as (

    select
        event_id,
        anonymous_id,
        is_page_view,
        event_rank,
        page_views_so_far,
        sum(is_session_start) over ({{ up_to_here }}) as session_number,
        max(case when is_session_start = 1 then event_rank end)
            over ({{ up_to_here }}) as session_start_rank,
        {{ last_non_null_value(
            'case when is_session_start = 1 then event_id end', up_to_here
        ) }} as session_first_event_id,
        {{ last_non_null_value(
            'case when is_session_start = 1 then page_views_so_far - is_page_view end',
            up_to_here,
        ) }} as page_views_before_session
    from session_starts

),

boundaries as (

    select
        event_id,
        {{ dbt.hash(dbt.concat(['anonymous_id', "'|'", 'session_first_event_id'])) }}
            as session_id,
        cast(session_number as bigint) as session_number,
        cast(event_rank - session_start_rank + 1 as bigint) as event_number,
        cast(case
            when is_page_view = 1 then page_views_so_far - page_views_before_session
        end as bigint) as page_view_number
    from numbered

),

final as (

    select
        boundaries.session_id,
        events.anonymous_id,
        boundaries.session_number,
        boundaries.event_number,
        boundaries.page_view_number,
        events.event_id,
        events.event_name,
        events.event_at,
        events.page_url,
        events.page_path,
        events.referrer_host,
        events.utm_source,
        events.utm_medium,
        events.utm_campaign,
        events.click_id,
        events.device_category,
        events.user_agent,
        events.country,
        events.properties,
        events.engagement_time_msec,
        events.session_engaged,
        {{ build_stamp() }} as built_at
    from events
    inner join boundaries
        on events.event_id = boundaries.event_id

)

select * from final
