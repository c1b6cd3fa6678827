{#-
    One row per goal that attribution credits: every macro goal of the goals seed, or the goals
    named in var attribution_goals (a name that is not a goal fails the build). Data-driven
    models are computed per goal: a journey that converts to one goal is a non-converting
    journey of another.
-#}

{%- set goal_ids = var('attribution_goals') -%}

with goals as (

    select
        goal_id,
        tier
    from {{ ref('int_goals_validated') }}

),

named as (

    {% if goal_ids -%}
        {% for goal_id in goal_ids -%}
            select '{{ goal_id }}' as goal_id
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
    {%- else -%}
        select goal_id
        from goals
        where tier = 'macro'
    {%- endif %}

),

problems as (

    select
        named.goal_id,
        'is named in var attribution_goals but is not a goal of the goals seed' as problem
    from named
    left join goals
        on named.goal_id = goals.goal_id
    where goals.goal_id is null

),

problem_summary as (

    {{ summarize_problems('problems', 'goal') }}

),

checked as (

    select named.goal_id
    from named
    cross join problem_summary
    where {{ problems_are_absent('problem_summary', 'Attribution goals are invalid: ') }}

),

final as (

    select goals.goal_id
    from goals
    inner join checked
        on goals.goal_id = checked.goal_id

)

select * from final
