{#-
    One row per funnel step (seeds funnels and funnel_steps) with its funnel's settings,
    validated: an unknown scope, step order or entry, a step that names an unknown goal, gaps in
    step numbers, more steps than var funnel_max_steps, or a funnel without steps fails the
    build with a message naming the funnel and the problem. A step naming an event never seen
    yet is only a warning (has_unseen_event, data test assert_configured_events_are_seen): the
    event may come. The funnel's breakdown attribution (first_touch, last_touch or step with its
    breakdown_step; empty: var funnel_default_breakdown_attribution) and the exclusions of seed
    funnel_exclusions (a goal or event between two of the funnel's steps) are checked here too.
-#}

{%- set checks = [
    ("funnel_id_count > 1", "'funnel_id is not unique'"),
    ("scope is null or scope not in ('session', 'person')",
        "concat('unknown scope ', coalesce(scope, '(empty)'), ' (session or person)')"),
    ("step_order is null or step_order not in ('ordered', 'strict', 'any')",
        "concat('unknown step_order ', coalesce(step_order, '(empty)'),"
        ~ " ' (ordered, strict or any)')"),
    ("entry is null or entry not in ('closed', 'open')",
        "concat('unknown entry ', coalesce(entry, '(empty)'), ' (closed or open)')"),
    ("entry = 'open' and step_order != 'ordered'", "'an open funnel must be ordered'"),
    ("conversion_window_hours <= 0", "'conversion_window_hours must be positive'"),
    ("breakdown_attribution not in ('first_touch', 'last_touch', 'step')",
        "concat('unknown breakdown_attribution ', breakdown_attribution,"
        ~ " ' (first_touch, last_touch or step)')"),
    ("breakdown_attribution = 'step' and (breakdown_step is null or breakdown_step < 1)",
        "'breakdown_attribution step needs a breakdown_step of 1 or more'"),
    ("breakdown_attribution != 'step' and breakdown_step is not null",
        "'breakdown_step is only read with breakdown_attribution step'"),
] -%}

with funnels as (

    select
        funnel_id,
        funnel_name,
        scope,
        step_order,
        coalesce(
            conversion_window_hours, {{ var('funnel_default_window_hours') }}
        ) as conversion_window_hours,
        entry,
        coalesce(
            breakdown_attribution, '{{ var("funnel_default_breakdown_attribution") }}'
        ) as breakdown_attribution,
        breakdown_step,
        count(*) over (partition by funnel_id) as funnel_id_count
    from {{ ref('funnels') }}

),

steps as (

    select
        funnel_id,
        step_number,
        step_name,
        goal_id,
        event_name,
        count(*) over (partition by funnel_id) as step_count,
        max(step_number) over (partition by funnel_id) as last_step_number,
        count(*) over (partition by funnel_id, step_number) as step_number_count
    from {{ ref('funnel_steps') }}

),

{# One row per funnel's step count (the exclusions' and breakdown_step's upper bound). #}
step_counts as (

    select
        funnel_id,
        max(step_count) as step_count
    from steps
    group by 1

),

exclusions as (

    select
        funnel_id,
        exclusion_name,
        from_step,
        to_step,
        goal_id,
        event_name,
        count(*) over (partition by funnel_id, exclusion_name) as exclusion_name_count
    from {{ ref('funnel_exclusions') }}

),

goals as (

    select goal_id from {{ ref('int_goals_validated') }}

),

landed_events as (

    select event_name from {{ ref('int_event_names_landed') }}

),

step_checks as (

    select
        steps.*,
        goals.goal_id is not null as is_known_goal,
        steps.event_name is not null and landed_events.event_name is null as has_unseen_event
    from steps
    left join goals
        on steps.goal_id = goals.goal_id
    left join landed_events
        on steps.event_name = landed_events.event_name

),

funnel_problems as (

    {% for condition, message in checks %}
        select
            funnel_id,
            {{ message }} as problem
        from funnels
        where {{ condition }}
        union all
    {% endfor %}

    select
        funnels.funnel_id,
        'has no steps' as problem
    from funnels
    left join steps
        on funnels.funnel_id = steps.funnel_id
    where steps.funnel_id is null

    union all

    select
        funnels.funnel_id,
        'breakdown_step is past the last step' as problem
    from funnels
    inner join step_counts
        on funnels.funnel_id = step_counts.funnel_id
    where funnels.breakdown_step > step_counts.step_count

    union all

    select
        exclusions.funnel_id,
        concat(
            'exclusion ', coalesce(exclusions.exclusion_name, '(no name)'), ': ',
            case
                when step_counts.funnel_id is null then 'no funnel has this funnel_id'
                when exclusions.exclusion_name is null then 'exclusion_name is required'
                when exclusions.exclusion_name_count > 1 then 'exclusion_name is not unique'
                when
                    exclusions.from_step is null
                    or exclusions.to_step is null
                    or exclusions.from_step < 1
                    or exclusions.to_step <= exclusions.from_step
                    or exclusions.to_step > step_counts.step_count
                    then 'needs 1 <= from_step < to_step <= the last step'
                when (exclusions.goal_id is null) = (exclusions.event_name is null)
                    then 'name exactly one of goal_id and event_name'
                else concat('unknown goal ', exclusions.goal_id)
            end
        ) as problem
    from exclusions
    left join step_counts
        on exclusions.funnel_id = step_counts.funnel_id
    left join goals
        on exclusions.goal_id = goals.goal_id
    where
        step_counts.funnel_id is null
        or exclusions.exclusion_name is null
        or exclusions.exclusion_name_count > 1
        or exclusions.from_step is null
        or exclusions.to_step is null
        or exclusions.from_step < 1
        or exclusions.to_step <= exclusions.from_step
        or exclusions.to_step > step_counts.step_count
        or (exclusions.goal_id is null) = (exclusions.event_name is null)
        or (exclusions.goal_id is not null and goals.goal_id is null)

    union all

    select
        step_checks.funnel_id,
        concat(
            'step ', coalesce(cast(step_checks.step_number as {{ dbt.type_string() }}), '?'), ': ',
            case
                when funnels.funnel_id is null then 'no funnel has this funnel_id'
                when step_checks.step_number is null or step_checks.step_number < 1
                    then 'step_number must be 1 or more'
                when step_checks.step_number_count > 1 then 'step_number is not unique'
                when step_checks.last_step_number != step_checks.step_count
                    then concat(
                            'step numbers have gaps (',
                            cast(step_checks.step_count as {{ dbt.type_string() }}),
                            ' steps, the last numbered ',
                            cast(step_checks.last_step_number as {{ dbt.type_string() }}), ')'
                        )
                when step_checks.step_count > {{ var('funnel_max_steps') }}
                    then 'more steps than var funnel_max_steps'
                when (step_checks.goal_id is null) = (step_checks.event_name is null)
                    then 'name exactly one of goal_id and event_name'
                else concat('unknown goal ', step_checks.goal_id)
            end
        ) as problem
    from step_checks
    left join funnels
        on step_checks.funnel_id = funnels.funnel_id
    where
        funnels.funnel_id is null
        or step_checks.step_number is null
        or step_checks.step_number < 1
        or step_checks.step_number_count > 1
        or step_checks.last_step_number != step_checks.step_count
        or step_checks.step_count > {{ var('funnel_max_steps') }}
        or (step_checks.goal_id is null) = (step_checks.event_name is null)
        or (step_checks.goal_id is not null and not step_checks.is_known_goal)

),

problem_summary as (

    {{ summarize_problems('funnel_problems', 'funnel') }}

),

final as (

    select
        funnels.funnel_id,
        funnels.funnel_name,
        funnels.scope,
        funnels.step_order,
        funnels.conversion_window_hours,
        funnels.entry,
        funnels.breakdown_attribution,
        funnels.breakdown_step,
        step_checks.step_number,
        step_checks.step_name,
        step_checks.goal_id,
        step_checks.event_name,
        step_checks.step_count,
        step_checks.has_unseen_event
    from funnels
    inner join step_checks
        on funnels.funnel_id = step_checks.funnel_id
    cross join problem_summary
    where {{ problems_are_absent('problem_summary', 'The funnel seeds are invalid: ') }}

)

select * from final
