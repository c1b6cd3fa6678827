{#-
    One row per experiment x variant x scope x goal (every goal of the seed goals): the units
    of the variant (scope person: its exposed persons; session: their non-bot sessions from the
    first exposure on, the exposing session included), how many of them hit the goal at or after
    the person's first exposure, and the sum and the sum of squares of each unit's goal value
    after exposure (a hit without a usable value adds 0), from which rpt_experiments takes means
    and variances. Persons exposed to several variants of the experiment are left out; bot
    sessions have no exposures and no goal hits.
-#}

with assigned as (

    select
        experiment_id,
        variant_id,
        person_id,
        first_exposed_at,
        first_exposure_session_id
    from {{ ref('int_experiment_persons_assigned') }}
    where not is_in_several_variants

),

sessions as (

    select
        session_id,
        person_id,
        started_at
    from {{ ref('fct_sessions') }}
    where not is_bot

),

hits as (

    select
        goal_id,
        session_id,
        person_id,
        hit_at,
        coalesce(value, 0.0) as value
    from {{ ref('fct_goal_hits') }}

),

goals as (

    select
        goal_id,
        goal_name,
        tier
    from {{ ref('int_goals_validated') }}

),

{# The exposing session counts whole; hits before the exposure are left out below. #}
exposed_sessions as (

    select
        assigned.experiment_id,
        assigned.variant_id,
        assigned.first_exposed_at,
        sessions.session_id
    from assigned
    inner join sessions
        on assigned.person_id = sessions.person_id
    where
        sessions.session_id = assigned.first_exposure_session_id
        or sessions.started_at >= assigned.first_exposed_at

),

units as (

    select
        experiment_id,
        variant_id,
        'person' as scope,
        person_id as unit_id
    from assigned

    union all

    select
        experiment_id,
        variant_id,
        'session' as scope,
        session_id as unit_id
    from exposed_sessions

),

hits_after_exposure as (

    select
        assigned.experiment_id,
        assigned.variant_id,
        'person' as scope,
        assigned.person_id as unit_id,
        hits.goal_id,
        hits.value
    from assigned
    inner join hits
        on
            assigned.person_id = hits.person_id
            and assigned.first_exposed_at <= hits.hit_at

    union all

    select
        exposed_sessions.experiment_id,
        exposed_sessions.variant_id,
        'session' as scope,
        exposed_sessions.session_id as unit_id,
        hits.goal_id,
        hits.value
    from exposed_sessions
    inner join hits
        on
            exposed_sessions.session_id = hits.session_id
            and exposed_sessions.first_exposed_at <= hits.hit_at

),

unit_goal_values as (

    select
        experiment_id,
        variant_id,
        scope,
        unit_id,
        goal_id,
        sum(value) as unit_value
    from hits_after_exposure
    group by 1, 2, 3, 4, 5

),

goal_counts as (

    select
        experiment_id,
        variant_id,
        scope,
        goal_id,
        count(*) as converted_units,
        sum(unit_value) as goal_value,
        sum(unit_value * unit_value) as goal_value_squares
    from unit_goal_values
    group by 1, 2, 3, 4

),

unit_counts as (

    select
        experiment_id,
        variant_id,
        scope,
        count(*) as units
    from units
    group by 1, 2, 3

),

final as (

    select
        unit_counts.experiment_id,
        unit_counts.variant_id,
        unit_counts.scope,
        goals.goal_id,
        goals.goal_name,
        goals.tier,
        cast(unit_counts.units as bigint) as units,
        cast(coalesce(goal_counts.converted_units, 0) as bigint) as converted_units,
        coalesce(goal_counts.goal_value, 0.0) as goal_value,
        coalesce(goal_counts.goal_value_squares, 0.0) as goal_value_squares
    from unit_counts
    cross join goals
    left join goal_counts
        on
            unit_counts.experiment_id = goal_counts.experiment_id
            and unit_counts.variant_id = goal_counts.variant_id
            and unit_counts.scope = goal_counts.scope
            and goals.goal_id = goal_counts.goal_id

)

select * from final
