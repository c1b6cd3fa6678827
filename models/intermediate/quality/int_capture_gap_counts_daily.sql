{#-
    One row per day x goal x required goal x segment with volume (the capture-gap monitor's
    counts, tested in rpt_capture_gaps_daily). "Requires" pairs: in every closed ordered or
    strict funnel, each step that names a goal requires every earlier step that names a goal;
    the seed capture_requirements adds pairs. Per non-bot session and segment (device category,
    browser family, operating system, country: int_sessions_segmented):
    - upstream / converted sessions: sessions with a hit of the required goal / of those, the
      ones that also hit the goal (the rate);
    - downstream / unpreceded sessions: sessions with a hit of the goal / of those, the ones
      whose person had no hit of the required goal from var capture_gap_lookback_hours before the
      session's first hit of the goal up to that moment (an impossible sequence).
    A null segment value (int_sessions_segmented fills every one) is skipped, not counted.
-#}

{%- set lookback_hours = var('capture_gap_lookback_hours') -%}

with sessions as (

    select
        session_id,
        person_id,
        session_date,
        device_category,
        browser_family,
        operating_system,
        country
    from {{ ref('int_sessions_segmented') }}

),

funnel_steps as (

    select
        funnel_id,
        step_number,
        step_order,
        entry,
        goal_id
    from {{ ref('int_funnels_validated') }}

),

extra_requirements as (

    select
        goal_id,
        required_goal_id
    from {{ ref('capture_requirements') }}

),

goal_hits as (

    select
        goal_id,
        session_id,
        person_id,
        hit_at
    from {{ ref('fct_goal_hits') }}

),

requirements as (

    select distinct
        later_steps.goal_id,
        earlier_steps.goal_id as required_goal_id
    from funnel_steps as later_steps
    inner join funnel_steps as earlier_steps
        on
            later_steps.funnel_id = earlier_steps.funnel_id
            and later_steps.step_number > earlier_steps.step_number
    where
        later_steps.entry = 'closed'
        and later_steps.step_order in ('ordered', 'strict')
        and later_steps.goal_id is not null
        and earlier_steps.goal_id is not null
        and later_steps.goal_id <> earlier_steps.goal_id

    union

    select
        goal_id,
        required_goal_id
    from extra_requirements

),

session_goals as (

    select
        goal_hits.session_id,
        goal_hits.person_id,
        goal_hits.goal_id,
        min(goal_hits.hit_at) as first_hit_at
    from goal_hits
    inner join sessions
        on goal_hits.session_id = sessions.session_id
    group by 1, 2, 3

),

{# Rate: sessions with the required goal, and whether they also hit the goal. #}
rate_sessions as (

    select
        requirements.goal_id,
        requirements.required_goal_id,
        upstream.session_id,
        1 as is_upstream,
        case when downstream.session_id is not null then 1 else 0 end as is_converted,
        0 as is_downstream,
        0 as is_unpreceded
    from requirements
    inner join session_goals as upstream
        on requirements.required_goal_id = upstream.goal_id
    left join session_goals as downstream
        on
            upstream.session_id = downstream.session_id
            and requirements.goal_id = downstream.goal_id

),

{# Impossible sequences: sessions with the goal, and whether the person had the required goal
    before it (at most lookback_hours earlier, at the same moment included). #}
sequence_sessions as (

    select
        requirements.goal_id,
        requirements.required_goal_id,
        downstream.session_id,
        0 as is_upstream,
        0 as is_converted,
        1 as is_downstream,
        case when count(upstream.goal_id) = 0 then 1 else 0 end as is_unpreceded
    from requirements
    inner join session_goals as downstream
        on requirements.goal_id = downstream.goal_id
    left join goal_hits as upstream
        on
            downstream.person_id = upstream.person_id
            and requirements.required_goal_id = upstream.goal_id
            and downstream.first_hit_at >= upstream.hit_at
            and upstream.hit_at
            >= {{ dbt.dateadd('hour', -lookback_hours, 'downstream.first_hit_at') }}
    group by 1, 2, 3

),

pair_sessions as (

    select * from rate_sessions
    union all
    select * from sequence_sessions

),

session_segments as (

    {% for segment_type in ['device_category', 'browser_family', 'operating_system', 'country'] %}
        select
            session_id,
            session_date,
            '{{ segment_type }}' as segment_type,
            {{ segment_type }} as segment_value
        from sessions
        where {{ segment_type }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

daily_counts as (

    select
        session_segments.session_date,
        pair_sessions.goal_id,
        pair_sessions.required_goal_id,
        session_segments.segment_type,
        session_segments.segment_value,
        sum(pair_sessions.is_upstream) as upstream_sessions,
        sum(pair_sessions.is_converted) as converted_sessions,
        sum(pair_sessions.is_downstream) as downstream_sessions,
        sum(pair_sessions.is_unpreceded) as unpreceded_sessions
    from pair_sessions
    inner join session_segments
        on pair_sessions.session_id = session_segments.session_id
    group by 1, 2, 3, 4, 5

)

select * from daily_counts
