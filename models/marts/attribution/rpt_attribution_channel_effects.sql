{#-
    One row per attribution goal x channel: why the data-driven models credit the channel as
    they do. Markov: the chain's conversion probability with and without the channel, the
    removal effect and its share of the goal's removal effects. Shapley: the credit the channel
    received and its share. Beside them the journeys that touched the channel and the
    last-touch credit, for comparison.
-#}

with journey_touches as (

    select
        goal_id,
        is_converting,
        channel
    from {{ ref('int_attribution_journey_touches') }}
    where is_first_channel_touch

),

removal_effects as (

    select
        goal_id,
        channel,
        conversion_probability,
        conversion_probability_without_channel,
        removal_effect,
        removal_effect_share
    from {{ ref('int_attribution_markov_removal_effects') }}

),

credits as (

    select
        goal_id,
        channel,
        model,
        credit
    from {{ ref('fct_attribution_credits') }}
    where model in ('markov', 'shapley', 'last_touch')

),

journeys as (

    select
        goal_id,
        channel,
        count(*) as journeys,
        count(case when is_converting then 1 end) as converting_journeys
    from journey_touches
    group by goal_id, channel

),

credited as (

    select
        goal_id,
        channel,
        sum(case when model = 'markov' then credit else 0.0 end) as markov_conversions,
        sum(case when model = 'shapley' then credit else 0.0 end) as shapley_conversions,
        sum(case when model = 'last_touch' then credit else 0.0 end) as last_touch_conversions
    from credits
    group by goal_id, channel

),

final as (

    select
        journeys.goal_id,
        journeys.channel,
        cast(journeys.journeys as bigint) as journeys,
        cast(journeys.converting_journeys as bigint) as converting_journeys,
        cast(removal_effects.conversion_probability as double) as conversion_probability,
        cast(removal_effects.conversion_probability_without_channel as double)
            as conversion_probability_without_channel,
        cast(coalesce(removal_effects.removal_effect, 0.0) as double) as removal_effect,
        cast(removal_effects.removal_effect_share as double) as removal_effect_share,
        cast(coalesce(credited.markov_conversions, 0.0) as double) as markov_conversions,
        cast(coalesce(credited.shapley_conversions, 0.0) as double) as shapley_conversions,
        cast(
            coalesce(credited.shapley_conversions, 0.0)
            / nullif(sum(coalesce(credited.shapley_conversions, 0.0)) over (
                partition by journeys.goal_id
            ), 0.0)
            as double
        ) as shapley_share,
        cast(coalesce(credited.last_touch_conversions, 0.0) as double)
            as last_touch_conversions
    from journeys
    left join removal_effects
        on
            journeys.goal_id = removal_effects.goal_id
            and journeys.channel = removal_effects.channel
    left join credited
        on
            journeys.goal_id = credited.goal_id
            and journeys.channel = credited.channel

)

select * from final
