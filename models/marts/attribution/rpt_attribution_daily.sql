{#-
    One row per conversion date x channel x attribution model: conversions and revenue
    credited to the channel that day (over every attribution goal), beside the channel's spend
    that day (seed marketing_spend and landed spend files), cost per conversion and ROAS. A day
    with spend and no credited conversion has a row with 0 conversions.
-#}

with credits as (

    select
        conversion_date,
        channel,
        model,
        credit,
        revenue_credit
    from {{ ref('fct_attribution_credits') }}

),

spend as (

    select
        spend_date,
        channel,
        spend
    from {{ ref('int_marketing_spend_validated') }}

),

models as (

    select distinct model
    from credits

),

credited as (

    select
        conversion_date,
        channel,
        model,
        sum(credit) as conversions,
        sum(revenue_credit) as revenue
    from credits
    group by conversion_date, channel, model

),

daily_spend as (

    select
        spend_date,
        channel,
        sum(spend) as spend
    from spend
    group by spend_date, channel

),

keys as (

    select
        conversion_date,
        channel,
        model
    from credited

    union

    select
        daily_spend.spend_date as conversion_date,
        daily_spend.channel,
        models.model
    from daily_spend
    cross join models

),

final as (

    select
        keys.conversion_date,
        keys.channel,
        keys.model,
        cast(coalesce(credited.conversions, 0.0) as double) as conversions,
        cast(coalesce(credited.revenue, 0.0) as double) as revenue,
        cast(daily_spend.spend as double) as spend,
        cast(daily_spend.spend / nullif(credited.conversions, 0.0) as double)
            as cost_per_conversion,
        cast(coalesce(credited.revenue, 0.0) / nullif(daily_spend.spend, 0.0) as double)
            as roas
    from keys
    left join credited
        on
            keys.conversion_date = credited.conversion_date
            and keys.channel = credited.channel
            and keys.model = credited.model
    left join daily_spend
        on
            keys.conversion_date = daily_spend.spend_date
            and keys.channel = daily_spend.channel

)

select * from final
