{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected') }}",
    post_hook="{{ insert_other_build_buckets() }}",
) }}

{#-
    One row per goal x event of a non-bot session that matches the goal (before the counting
    rule): event goals (event name and every property condition), destination goals (a page
    view whose path matches), duration goals (the session's first event at or past the
    threshold) and pages-per-session goals (the session's N-th page view).
    Every CTE keeps to one device's sessions, so with var `build_buckets` > 1 the model is built
    one bucket of devices at a time (macros/incremental/build_buckets.sql): at 100 million events
    the stored `events` CTE spilled past the free disk in one statement (docs/decisions/0006).
-#}

with goals as (

    select
        goal_id,
        match_type,
        event_name,
        url_match,
        url_pattern,
        case_sensitive,
        threshold_seconds,
        threshold_pages
    from {{ ref('int_goals_validated') }}

),

conditions as (

    select
        goal_id,
        property_key,
        operator,
        property_value
    from {{ ref('goal_property_conditions') }}

),

sessions as (

    select
        session_id,
        started_at
    from {{ ref('int_sessions_classified') }}
    where
        not is_bot
        and {{ in_batch_keys(
            'anonymous_id', 'int_devices_affected',
            rebuilt_by_batch='int_sessions_classified',
        ) }}
        and {{ in_build_bucket('anonymous_id') }}

),

events as (

    select
        sessionized.event_id,
        sessionized.session_id,
        sessionized.anonymous_id,
        sessionized.event_name,
        sessionized.event_at,
        sessionized.page_path,
        sessionized.page_view_number,
        sessionized.properties,
        sessions.started_at as session_started_at
    from {{ ref('int_events_sessionized') }} as sessionized
    inner join sessions
        on sessionized.session_id = sessions.session_id
    where
        {{ in_batch_keys(
            'sessionized.anonymous_id', 'int_devices_affected', 'anonymous_id',
            rebuilt_by_batch='int_events_sessionized',
        ) }}
        and {{ in_build_bucket('sessionized.anonymous_id') }}

),

event_matches as (

    select
        goals.goal_id,
        events.event_id,
        events.properties
    from events
    inner join goals
        on
            goals.match_type = 'event'
            and events.event_name = goals.event_name

),

condition_checks as (

    select
        event_matches.goal_id,
        event_matches.event_id,
        conditions.operator,
        conditions.property_value,
        {{ json_extract_text('event_matches.properties', 'conditions.property_key') }}
            as property_text
    from event_matches
    inner join conditions
        on event_matches.goal_id = conditions.goal_id

),

failed_conditions as (

    select distinct
        goal_id,
        event_id
    from condition_checks
    where
        property_text is null
        or (operator = 'equals' and property_text != property_value)
        or (
            operator = 'matches'
            and not {{ regex_matches('property_text', 'property_value') }}
        )

),

event_hits as (

    select
        event_matches.goal_id,
        event_matches.event_id
    from event_matches
    left join failed_conditions
        on
            event_matches.goal_id = failed_conditions.goal_id
            and event_matches.event_id = failed_conditions.event_id
    where failed_conditions.event_id is null

),

page_paths as (

    select distinct page_path
    from events
    where event_name = 'page_view'

),

{# Each distinct path is matched once against the destination goals (a few thousand paths, not
    one regex per page view), then the page views join the matching paths on equality. #}
destination_paths as (

    select
        goals.goal_id,
        page_paths.page_path
    from page_paths
    inner join goals
        on
            goals.match_type = 'destination'
            and case
                when goals.url_match = 'exact' and goals.case_sensitive
                    then page_paths.page_path = goals.url_pattern
                when goals.url_match = 'exact'
                    then lower(page_paths.page_path) = lower(goals.url_pattern)
                when goals.url_match = 'begins_with' and goals.case_sensitive
                    then substring(page_paths.page_path, 1, length(goals.url_pattern))
                        = goals.url_pattern
                when goals.url_match = 'begins_with'
                    then lower(substring(page_paths.page_path, 1, length(goals.url_pattern)))
                        = lower(goals.url_pattern)
                when goals.case_sensitive
                    then {{ regex_matches('page_paths.page_path', 'goals.url_pattern', false) }}
                else {{ regex_matches('page_paths.page_path', 'goals.url_pattern') }}
            end

),

destination_hits as (

    select
        destination_paths.goal_id,
        events.event_id
    from events
    inner join destination_paths
        on events.page_path = destination_paths.page_path
    where events.event_name = 'page_view'

),

duration_candidates as (

    select
        goals.goal_id,
        events.event_id,
        row_number() over (
            partition by goals.goal_id, events.session_id
            order by events.event_at, events.event_id
        ) as candidate_number
    from events
    inner join goals
        on
            goals.match_type = 'duration'
            and {{ seconds_between('events.session_started_at', 'events.event_at') }}
            >= goals.threshold_seconds

),

page_count_hits as (

    select
        goals.goal_id,
        events.event_id
    from events
    inner join goals
        on
            goals.match_type = 'pages_per_session'
            and events.page_view_number = goals.threshold_pages

),

all_hits as (

    select
        goal_id,
        event_id
    from event_hits
    union all
    select
        goal_id,
        event_id
    from destination_hits
    union all
    select
        goal_id,
        event_id
    from duration_candidates
    where candidate_number = 1
    union all
    select
        goal_id,
        event_id
    from page_count_hits

),

final as (

    select
        all_hits.goal_id,
        all_hits.event_id,
        events.session_id,
        events.anonymous_id,
        events.event_at as hit_at,
        events.properties
    from all_hits
    inner join events
        on all_hits.event_id = events.event_id

)

select * from final
