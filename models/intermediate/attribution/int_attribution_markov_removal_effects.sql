{#-
    One row per attribution goal x channel: the channel's removal effect in the first-order
    Markov chain of int_attribution_markov_transitions. RE(c) = 1 - P(conversion without c) /
    P(conversion), where "without c" sends every move into c to (null).

    P(conversion) is the probability of absorption in (conversion) from (start). It is computed
    exactly (no sampling, no fixed number of iterations) by state elimination: channel k is
    removed from the chain by letting every path through it skip it,
        p'(i, j) = p(i, j) + p(i, k) * p(k, j) / (1 - p(k, k)),
    which keeps every absorption probability; once every channel is removed, p(start,
    conversion) is the answer. Each elimination is one step of plain SQL (window functions, no
    recursion), unrolled up to var markov_max_channels; a goal with more channels fails the
    build. All scenarios (no removal, and each channel removed) are eliminated at once.
-#}

{%- set max_channels = var('markov_max_channels') -%}

with transitions as (

    select
        goal_id,
        from_state,
        to_state,
        probability
    from {{ ref('int_attribution_markov_transitions') }}

),

channels as (

    select
        goal_id,
        from_state as channel,
        dense_rank() over (partition by goal_id order by from_state) as channel_rank
    from transitions
    where from_state <> '(start)'
    group by goal_id, from_state

),

problems as (

    select
        goal_id,
        {{ dbt.concat([
            "'has '",
            'cast(max(channel_rank) as ' ~ dbt.type_string() ~ ')',
            "' channels, more than var markov_max_channels (" ~ max_channels ~ ")'",
        ]) }} as problem
    from channels
    group by goal_id
    having max(channel_rank) > {{ max_channels }}

),

problem_summary as (

    {{ summarize_problems('problems', 'goal') }}

),

goals as (

    select distinct goal_id
    from transitions

),

scenarios as (

    select
        goal_id,
        '(none)' as removed_channel
    from goals

    union all

    select
        goal_id,
        channel as removed_channel
    from channels

),

from_states as (

    select
        goal_id,
        '(start)' as state,
        0 as state_rank
    from goals

    union all

    select
        goal_id,
        channel as state,
        channel_rank as state_rank
    from channels

),

to_states as (

    select
        goal_id,
        '(conversion)' as state,
        -1 as state_rank
    from goals

    union all

    select
        goal_id,
        '(null)' as state,
        -1 as state_rank
    from goals

    union all

    select
        goal_id,
        channel as state,
        channel_rank as state_rank
    from channels

),

matrix_0 as {{ materialize_cte() }} (

    {#- The dense transition matrix of each scenario; a removed channel leads to (null). -#}

    select
        scenarios.goal_id,
        scenarios.removed_channel,
        from_states.state as from_state,
        from_states.state_rank as from_rank,
        to_states.state as to_state,
        to_states.state_rank as to_rank,
        case
            when from_states.state = scenarios.removed_channel
                then case when to_states.state = '(null)' then 1.0 else 0.0 end
            else coalesce(transitions.probability, 0.0)
        end as probability
    from scenarios
    inner join from_states
        on scenarios.goal_id = from_states.goal_id
    inner join to_states
        on scenarios.goal_id = to_states.goal_id
    left join transitions
        on
            scenarios.goal_id = transitions.goal_id
            and from_states.state = transitions.from_state
            and to_states.state = transitions.to_state
    cross join problem_summary
    where {{ problems_are_absent('problem_summary', 'Markov attribution: ') }}

),

{% for k in range(1, max_channels + 1) %}
    matrix_{{ k }} as {{ materialize_cte() }} (

        select
            goal_id,
            removed_channel,
            from_state,
            from_rank,
            to_state,
            to_rank,
            probability + coalesce(into_k * out_of_k / nullif(1.0 - k_to_k, 0.0), 0.0)
                as probability
        from (
            select
                *,
                max(case when to_rank = {{ k }} then probability end) over (
                    partition by goal_id, removed_channel, from_state
                ) as into_k,
                max(case when from_rank = {{ k }} then probability end) over (
                    partition by goal_id, removed_channel, to_state
                ) as out_of_k,
                max(case when from_rank = {{ k }} and to_rank = {{ k }} then probability end) over (
                    partition by goal_id, removed_channel
                ) as k_to_k
            from matrix_{{ k - 1 }}
        ) as eliminating
        where from_rank <> {{ k }} and to_rank <> {{ k }}

    ),

{% endfor %}
conversion_probabilities as (

    select
        goal_id,
        removed_channel,
        probability as conversion_probability
    from matrix_{{ max_channels }}
    where from_state = '(start)' and to_state = '(conversion)'

),

removal_effects as (

    select
        removed.goal_id,
        removed.removed_channel as channel,
        base.conversion_probability,
        removed.conversion_probability as conversion_probability_without_channel,
        greatest(
            0.0,
            1.0 - removed.conversion_probability / nullif(base.conversion_probability, 0.0)
        ) as removal_effect
    from conversion_probabilities as removed
    inner join conversion_probabilities as base
        on
            removed.goal_id = base.goal_id
            and base.removed_channel = '(none)'
    where removed.removed_channel <> '(none)'

),

final as (

    select
        goal_id,
        channel,
        cast(conversion_probability as double) as conversion_probability,
        cast(conversion_probability_without_channel as double)
            as conversion_probability_without_channel,
        cast(removal_effect as double) as removal_effect,
        cast(
            removal_effect / nullif(sum(removal_effect) over (partition by goal_id), 0.0)
            as double
        ) as removal_effect_share
    from removal_effects

)

select * from final
