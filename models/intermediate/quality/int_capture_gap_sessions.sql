{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('person_id', 'int_persons_affected_for_attribution') }}",
) }}

{#-
    One row per non-bot session x "requires" pair (a goal and a goal required before it) where
    the session hit either goal, with the session's date and segments and four 0/1 flags: the
    capture-gap monitor's per-session facts, counted per day in int_capture_gap_counts_daily.
    "Requires" pairs: in every closed ordered or strict funnel, each step that names a goal
    requires every earlier step that names a goal; the seed capture_requirements adds pairs.
    Per session (int_sessions_segmented: device category, browser family, operating system,
    country):
    - is_upstream / is_converted: the session hit the required goal / and also the goal (the
      rate);
    - is_downstream / is_unpreceded: the session hit the goal / and its person had no hit of the
      required goal from var capture_gap_lookback_hours before the session's first hit of the
      goal up to that moment (an impossible sequence).
    Incremental by person: every flag depends on one person's sessions and goal hits only, so a
    run rebuilds the persons of int_persons_affected_for_attribution (the persons of the
    affected devices, before and after the run, and of every device whose counted conversions
    may move). Counting every session of the history every day made the monitor grow with it
    (docs/performance.md, "History growth"). A change of the funnels or capture_requirements
    seeds, or of var capture_gap_lookback_hours, needs a full refresh.
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
    where {{ in_batch_keys('person_id', 'int_persons_affected_for_attribution') }}

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
    where {{ in_batch_keys('person_id', 'int_persons_affected_for_attribution') }}

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

session_flags as (

    select
        session_id,
        goal_id,
        required_goal_id,
        max(is_upstream) as is_upstream,
        max(is_converted) as is_converted,
        max(is_downstream) as is_downstream,
        max(is_unpreceded) as is_unpreceded
    from pair_sessions
    group by 1, 2, 3

),

final as (

    select
        sessions.person_id,
        session_flags.session_id,
        sessions.session_date,
        session_flags.goal_id,
        session_flags.required_goal_id,
        sessions.device_category,
        sessions.browser_family,
        sessions.operating_system,
        sessions.country,
        session_flags.is_upstream,
        session_flags.is_converted,
        session_flags.is_downstream,
        session_flags.is_unpreceded
    from session_flags
    inner join sessions
        on session_flags.session_id = sessions.session_id

)

select * from final
