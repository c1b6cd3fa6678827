{#-
    One row per day x goal x channel x device category (non-bot sessions): goal hits, sessions
    with a hit, sessions, the conversion rate (sessions with a hit / sessions) and value. Every
    goal appears for every day x channel x device that had sessions, with zeros when it was not hit.
    suspected_capture_gap marks a goal the capture-gap monitor suspects on that day in that
    device category (rpt_capture_gaps_daily).
-#}

with sessions as (

    select
        session_id,
        session_date,
        channel,
        coalesce(device_category, '(not set)') as device_category
    from {{ ref('fct_sessions') }}
    where not is_bot

),

goals as (

    select
        goal_id,
        goal_name,
        tier
    from {{ ref('int_goals_validated') }}

),

hits as (

    select
        goal_id,
        session_id,
        value
    from {{ ref('fct_goal_hits') }}

),

{# The monitor's gaps at this report's grain: day x device category x suspected goal. #}
capture_gaps as (

    select distinct
        session_date,
        segment_value as device_category,
        suspected_goal_id
    from {{ ref('rpt_capture_gaps_daily') }}
    where has_capture_gap and segment_type = 'device_category'

),

session_totals as (

    select
        session_date,
        channel,
        device_category,
        count(*) as sessions
    from sessions
    group by 1, 2, 3

),

hit_totals as (

    select
        sessions.session_date,
        sessions.channel,
        sessions.device_category,
        hits.goal_id,
        count(*) as goal_hits,
        count(distinct hits.session_id) as sessions_with_hit,
        sum(coalesce(hits.value, 0)) as goal_value
    from hits
    inner join sessions
        on hits.session_id = sessions.session_id
    group by 1, 2, 3, 4

),

final as (

    select
        session_totals.session_date,
        goals.goal_id,
        goals.goal_name,
        goals.tier,
        session_totals.channel,
        session_totals.device_category,
        cast(coalesce(hit_totals.goal_hits, 0) as bigint) as goal_hits,
        cast(coalesce(hit_totals.sessions_with_hit, 0) as bigint) as sessions_with_hit,
        cast(session_totals.sessions as bigint) as sessions,
        cast(coalesce(hit_totals.sessions_with_hit, 0) as double)
        / session_totals.sessions as conversion_rate,
        cast(coalesce(hit_totals.goal_value, 0) as double) as goal_value,
        capture_gaps.suspected_goal_id is not null as suspected_capture_gap,
        capture_gaps.suspected_goal_id as capture_gap_goal_id
    from session_totals
    cross join goals
    left join hit_totals
        on
            session_totals.session_date = hit_totals.session_date
            and session_totals.channel = hit_totals.channel
            and session_totals.device_category = hit_totals.device_category
            and goals.goal_id = hit_totals.goal_id
    left join capture_gaps
        on
            session_totals.session_date = capture_gaps.session_date
            and session_totals.device_category = capture_gaps.device_category
            and goals.goal_id = capture_gaps.suspected_goal_id

)

select * from final
