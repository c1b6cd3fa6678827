{#-
    One row per goal hit whose value, read from an event property, is not usable (value_problem
    of fct_goal_hits): the hit, its day and channel, the property and currency texts as landed,
    and the reason. The hit still counts in every report, with no value.
-#}

with flagged_hits as (

    select
        goal_hit_id,
        goal_id,
        event_id,
        session_id,
        person_id,
        hit_at,
        hit_date,
        channel,
        value_problem
    from {{ ref('fct_goal_hits') }}
    where value_problem is not null

),

texts as (

    select
        goal_hit_id,
        value_text,
        currency_text
    from {{ ref('int_goal_hits_counted') }}
    where value_problem is not null

),

final as (

    select
        flagged_hits.goal_hit_id,
        flagged_hits.goal_id,
        flagged_hits.event_id,
        flagged_hits.session_id,
        flagged_hits.person_id,
        flagged_hits.hit_at,
        flagged_hits.hit_date,
        flagged_hits.channel,
        texts.value_text,
        texts.currency_text,
        flagged_hits.value_problem
    from flagged_hits
    inner join texts
        on flagged_hits.goal_hit_id = texts.goal_hit_id

)

select * from final
