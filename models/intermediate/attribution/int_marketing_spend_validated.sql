{#-
    One row per spend date x channel x campaign: the spend in var reporting_currency of the seed
    marketing_spend and of landed spend files, summed over the rows that are not quarantined
    (int_marketing_spend_converted; the quarantined ones are in quarantined_spend).
-#}

with spend_rows as (

    select
        spend_date,
        channel,
        campaign,
        spend
    from {{ ref('int_marketing_spend_converted') }}
    where quarantine_reason is null

),

final as (

    select
        spend_date,
        channel,
        campaign,
        cast(sum(spend) as double) as spend
    from spend_rows
    group by spend_date, channel, campaign

)

select * from final
