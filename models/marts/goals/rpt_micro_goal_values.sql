{#-
    One row per micro goal: an estimated value of a hit, the extra macro value of a person who
    hit it over matched persons who did not. Persons are those with a non-bot session; a
    person's macro value is the sum of their macro goal hits' values (a null value counts 0) and
    their channel the channel of their first non-bot session. Matching is exact on that channel:
    per channel, the mean macro value of the persons with the goal minus that of the persons
    without; the estimate weighs the channels by their persons with the goal (channels without a
    person on either side are left out). Its standard error adds the channels' Welch variances,
    weighted the same way (a side of one person adds no variance); the interval is the estimate
    +- var micro_goal_value_interval_z standard errors. A correlation, not a causal effect.
    Each person's channel, macro value and micro goals come from the person scope's rows of
    int_micro_goal_person_counts (incremental by person), not from every session and hit of
    the history.
-#}

{%- set z = var('micro_goal_value_interval_z') -%}

with person_counts as (

    select
        person_id,
        scope,
        channel,
        goal_id,
        macro_value
    from {{ ref('int_micro_goal_person_counts') }}
    where scope = 'person'

),

micro_goals as (

    select
        goal_id,
        goal_name,
        micro_type
    from {{ ref('int_goals_validated') }}
    where tier = 'micro'

),

persons as (

    select
        person_id,
        channel,
        macro_value
    from person_counts
    where goal_id is null

),

micro_hitters as (

    select
        goal_id,
        person_id
    from person_counts
    where goal_id is not null

),

units as (

    select
        micro_goals.goal_id,
        persons.channel,
        persons.macro_value,
        micro_hitters.person_id is not null as has_goal
    from micro_goals
    cross join persons
    left join micro_hitters
        on
            micro_goals.goal_id = micro_hitters.goal_id
            and persons.person_id = micro_hitters.person_id

),

strata as (

    select
        goal_id,
        channel,
        sum(case when has_goal then 1 else 0 end) as persons_with_goal,
        sum(case when has_goal then 0 else 1 end) as persons_without_goal,
        sum(case when has_goal then macro_value else 0.0 end) as value_with_goal,
        sum(case when has_goal then 0.0 else macro_value end) as value_without_goal,
        coalesce(var_samp(case when has_goal then macro_value end), 0.0) as variance_with_goal,
        coalesce(var_samp(case when has_goal then null else macro_value end), 0.0)
            as variance_without_goal
    from units
    group by goal_id, channel

),

matched as (

    select
        goal_id,
        sum(persons_with_goal) as matched_persons_with_goal,
        sum(
            persons_with_goal * (
                value_with_goal / persons_with_goal - value_without_goal / persons_without_goal
            )
        ) as weighted_difference,
        sum(
            persons_with_goal * persons_with_goal * (
                variance_with_goal / persons_with_goal
                + variance_without_goal / persons_without_goal
            )
        ) as weighted_variance
    from strata
    where persons_with_goal > 0 and persons_without_goal > 0
    group by goal_id

),

overall as (

    select
        goal_id,
        sum(persons_with_goal) as persons_with_goal,
        sum(persons_without_goal) as persons_without_goal,
        sum(value_with_goal) as value_with_goal,
        sum(value_without_goal) as value_without_goal
    from strata
    group by goal_id

),

estimated as (

    select
        micro_goals.goal_id,
        micro_goals.goal_name,
        micro_goals.micro_type,
        coalesce(overall.persons_with_goal, 0) as persons_with_goal,
        coalesce(overall.persons_without_goal, 0) as persons_without_goal,
        overall.value_with_goal / nullif(overall.persons_with_goal, 0)
            as macro_value_per_person_with_goal,
        overall.value_without_goal / nullif(overall.persons_without_goal, 0)
            as macro_value_per_person_without_goal,
        coalesce(matched.matched_persons_with_goal, 0) as matched_persons_with_goal,
        matched.weighted_difference / matched.matched_persons_with_goal as estimated_value,
        sqrt(matched.weighted_variance) / matched.matched_persons_with_goal
            as estimated_value_std_error
    from micro_goals
    left join overall
        on micro_goals.goal_id = overall.goal_id
    left join matched
        on micro_goals.goal_id = matched.goal_id

),

final as (

    select
        goal_id,
        goal_name,
        micro_type,
        cast(persons_with_goal as bigint) as persons_with_goal,
        cast(persons_without_goal as bigint) as persons_without_goal,
        cast(macro_value_per_person_with_goal as double) as macro_value_per_person_with_goal,
        cast(macro_value_per_person_without_goal as double)
            as macro_value_per_person_without_goal,
        cast(matched_persons_with_goal as bigint) as matched_persons_with_goal,
        cast(estimated_value as double) as estimated_value,
        cast(estimated_value_std_error as double) as estimated_value_std_error,
        cast(estimated_value - {{ z }} * estimated_value_std_error as double)
            as estimated_value_lower,
        cast(estimated_value + {{ z }} * estimated_value_std_error as double)
            as estimated_value_upper
    from estimated

)

select * from final
