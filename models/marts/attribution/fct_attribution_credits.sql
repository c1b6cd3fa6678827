{#-
    One row per conversion x touchpoint x attribution model: the touch's share of the
    conversion (credit; the credits of one conversion under one model sum to 1) and of its value
    (revenue_credit). Rule-based models come from int_attribution_credits_rule_based; markov
    splits a conversion over its touches in proportion to their channels' removal effects, and
    shapley gives each touch its path position's Shapley share, split evenly among the touches
    of that position (a touch the path transform left off the path gets 0); markov falls back
    to the last touch, shapley to the last path position, when every weight is 0.
-#}

{%- set rule_based_models = [
    'first_touch', 'last_touch', 'last_non_direct', 'linear', 'time_decay', 'position_based',
] -%}

with touches as (

    select
        conversion_id,
        goal_id,
        person_id,
        converted_at,
        conversion_value,
        touch_session_id,
        touch_number,
        touches_in_path,
        touch_started_at,
        channel,
        source,
        medium,
        campaign,
        path_position,
        touches_in_position
    from {{ ref('int_attribution_touches') }}

),

rule_based as (

    select
        conversion_id,
        touch_session_id,
        {{ rule_based_models | join(',\n        ') }}
    from {{ ref('int_attribution_credits_rule_based') }}

),

rule_based_credits as (

    {% for model in rule_based_models -%}
        select
            conversion_id,
            touch_session_id,
            '{{ model }}' as model,
            {{ model }} as credit
        from rule_based
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

removal_effects as (

    select
        goal_id,
        channel,
        removal_effect
    from {{ ref('int_attribution_markov_removal_effects') }}

),

journey_paths as (

    select
        conversion_id,
        path
    from {{ ref('int_attribution_journey_paths') }}
    where is_converting

),

shapley_shares as (

    select
        goal_id,
        path,
        path_position,
        shapley_share
    from {{ ref('int_attribution_shapley_shares') }}

),

markov_weights as (

    select
        touches.conversion_id,
        touches.touch_session_id,
        touches.touch_number,
        touches.touches_in_path,
        coalesce(removal_effects.removal_effect, 0.0) as weight,
        sum(coalesce(removal_effects.removal_effect, 0.0)) over (
            partition by touches.conversion_id
        ) as conversion_weight
    from touches
    left join removal_effects
        on
            touches.goal_id = removal_effects.goal_id
            and touches.channel = removal_effects.channel

),

markov_credits as (

    select
        conversion_id,
        touch_session_id,
        'markov' as model,
        case
            when conversion_weight > 0 then weight / conversion_weight
            when touch_number = touches_in_path then 1.0
            else 0.0
        end as credit
    from markov_weights

),

shapley_credits as (

    select
        touches.conversion_id,
        touches.touch_session_id,
        'shapley' as model,
        coalesce(shapley_shares.shapley_share / touches.touches_in_position, 0.0) as credit
    from touches
    inner join journey_paths
        on touches.conversion_id = journey_paths.conversion_id
    left join shapley_shares
        on
            touches.goal_id = shapley_shares.goal_id
            and journey_paths.path = shapley_shares.path
            and touches.path_position = shapley_shares.path_position

),

credits as (

    select * from rule_based_credits
    union all
    select * from markov_credits
    union all
    select * from shapley_credits

),

final as (

    select
        touches.conversion_id,
        touches.goal_id,
        touches.person_id,
        touches.converted_at,
        {{ to_reporting_date('touches.converted_at') }} as conversion_date,
        touches.touch_session_id,
        touches.touch_number,
        touches.touches_in_path,
        touches.touch_started_at,
        touches.channel,
        touches.source,
        touches.medium,
        touches.campaign,
        credits.model,
        cast(credits.credit as double) as credit,
        cast(credits.credit * touches.conversion_value as double) as revenue_credit
    from touches
    inner join credits
        on
            touches.conversion_id = credits.conversion_id
            and touches.touch_session_id = credits.touch_session_id

)

select * from final
