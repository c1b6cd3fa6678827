{#-
    One row per spend date x channel x campaign: the spend in var reporting_currency of the seed
    marketing_spend and of landed spend files, the quarantined rows left out
    (int_marketing_spend_validated). The one place to sum spend: rpt_attribution_daily joins it
    per row and does not repeat it; a day with spend and no conversion is a row here.
-#}

with spend as (

    select
        spend_date,
        channel,
        campaign,
        spend
    from {{ ref('int_marketing_spend_validated') }}

),

final as (

    select
        spend_date,
        channel,
        campaign,
        cast(spend as double) as spend
    from spend

)

select * from final
