{#-
    One row per conversion date x channel x campaign x attribution goal x attribution model:
    conversions and revenue credited to the touches of that channel and campaign, and their cost
    per conversion and ROAS against the spend of that date x channel x campaign
    (fct_marketing_spend_daily, the whole of it for each goal and model: spend is not split, and
    not repeated here). A date x channel x campaign with spend and no credited conversion has a
    row with 0 conversions for every goal and model. Campaigns match as written on both sides
    (docs/decisions/0016-spend-and-roas.md).
-#}

with credits as (

    select
        conversion_date,
        channel,
        campaign,
        goal_id,
        model,
        credit,
        revenue_credit
    from {{ ref('fct_attribution_credits') }}

),

spend as (

    select
        spend_date,
        channel,
        campaign,
        spend
    from {{ ref('fct_marketing_spend_daily') }}

),

goals as (

    select goal_id
    from {{ ref('int_attribution_goals') }}

),

models as (

    select distinct model
    from credits

),

credited as (

    select
        conversion_date,
        channel,
        campaign,
        goal_id,
        model,
        sum(credit) as conversions,
        sum(revenue_credit) as revenue
    from credits
    group by conversion_date, channel, campaign, goal_id, model

),

keys as (

    select
        conversion_date,
        channel,
        campaign,
        goal_id,
        model
    from credited

    union

    select
        spend.spend_date as conversion_date,
        spend.channel,
        spend.campaign,
        goals.goal_id,
        models.model
    from spend
    cross join goals
    cross join models

),

final as (

    select
        keys.conversion_date,
        keys.channel,
        keys.campaign,
        keys.goal_id,
        keys.model,
        cast(coalesce(credited.conversions, 0.0) as double) as conversions,
        cast(coalesce(credited.revenue, 0.0) as double) as revenue,
        cast(spend.spend / nullif(credited.conversions, 0.0) as double) as cost_per_conversion,
        cast(coalesce(credited.revenue, 0.0) / nullif(spend.spend, 0.0) as double) as roas
    from keys
    left join credited
        on
            keys.conversion_date = credited.conversion_date
            and keys.channel = credited.channel
            and keys.campaign = credited.campaign
            and keys.goal_id = credited.goal_id
            and keys.model = credited.model
    left join spend
        on
            keys.conversion_date = spend.spend_date
            and keys.channel = spend.channel
            and keys.campaign = spend.campaign

)

select * from final
