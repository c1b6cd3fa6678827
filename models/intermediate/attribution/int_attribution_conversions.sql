{#-
    One row per conversion that attribution credits: a hit, in a non-bot session, of a goal of
    int_attribution_goals (every macro goal, or the goals named in var attribution_goals).
-#}

with goal_hits as (

    select
        goal_hit_id,
        goal_id,
        person_id,
        session_id,
        hit_at,
        value
    from {{ ref('fct_goal_hits') }}

),

attribution_goals as (

    select goal_id
    from {{ ref('int_attribution_goals') }}

),

final as (

    select
        goal_hits.goal_hit_id as conversion_id,
        goal_hits.goal_id,
        goal_hits.person_id,
        goal_hits.session_id as converting_session_id,
        goal_hits.hit_at as converted_at,
        coalesce(goal_hits.value, 0) as conversion_value
    from goal_hits
    inner join attribution_goals
        on goal_hits.goal_id = attribution_goals.goal_id

)

select * from final
