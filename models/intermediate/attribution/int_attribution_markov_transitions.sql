{#-
    One row per attribution goal x from state x to state of the first-order Markov chain over
    every journey (converting and not): states (start), each channel, (conversion) and (null).
    A journey moves from (start) through its touches' channels (repeats kept) and ends in
    (conversion) or (null); probability = transitions / transitions out of the from state.
    A touch's step comes from its own row (preceding_touch_channel, set where the journey was
    built), so counting is one aggregate over the touches, with no sort.
-#}

with journey_touches as (

    select
        goal_id,
        is_converting,
        channel,
        preceding_touch_channel,
        touch_number,
        touches_in_path
    from {{ ref('int_attribution_journey_touches') }}

),

steps as (

    select
        goal_id,
        coalesce(preceding_touch_channel, '(start)') as from_state,
        channel as to_state
    from journey_touches

    union all

    select
        goal_id,
        channel as from_state,
        case when is_converting then '(conversion)' else '(null)' end as to_state
    from journey_touches
    where touch_number = touches_in_path

),

counted as (

    select
        goal_id,
        from_state,
        to_state,
        count(*) as transitions
    from steps
    group by goal_id, from_state, to_state

),

final as (

    select
        goal_id,
        from_state,
        to_state,
        cast(transitions as bigint) as transitions,
        cast(transitions as double) / sum(transitions) over (
            partition by goal_id, from_state
        ) as probability
    from counted

)

select * from final
