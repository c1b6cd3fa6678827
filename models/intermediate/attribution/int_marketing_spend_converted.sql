{#-
    One row per spend row (seed marketing_spend and landed spend files): the spend in var
    reporting_currency, converted at the rate of the seed exchange_rates valid on the spend date
    when the row is in another currency, and quarantine_reason: the row's own (staging) or
    no_exchange_rate (another currency with no rate valid that day). A quarantined row keeps its
    texts as landed and has no spend; the other rows go on.
-#}

with spend_rows as (

    select
        spend_row_id,
        spend_file,
        spend_date,
        channel,
        campaign,
        spend,
        currency,
        spend_date_text,
        spend_text,
        currency_text,
        quarantine_reason
    from {{ ref('stg_landing__marketing_spend') }}

),

rates as (

    select
        from_currency,
        valid_from,
        valid_until,
        rate
    from {{ ref('int_exchange_rates_validated') }}

),

converted as (

    select
        spend_rows.spend_row_id,
        spend_rows.spend_file,
        spend_rows.spend_date,
        spend_rows.channel,
        spend_rows.campaign,
        spend_rows.currency,
        spend_rows.spend_date_text,
        spend_rows.spend_text,
        spend_rows.currency_text,
        {{ in_reporting_currency('spend_rows.spend', 'spend_rows.currency', 'rates') }} as spend,
        coalesce(
            spend_rows.quarantine_reason,
            case
                when
                    spend_rows.currency != '{{ var("reporting_currency") }}'
                    and rates.rate is null
                    then 'no_exchange_rate'
            end
        ) as quarantine_reason
    from spend_rows
    left join rates
        on {{ exchange_rate_valid_on('rates', 'spend_rows.currency', 'spend_rows.spend_date') }}

),

final as (

    select
        spend_row_id,
        spend_file,
        spend_date,
        channel,
        campaign,
        currency,
        case when quarantine_reason is null then cast(spend as double) end as spend,
        spend_date_text,
        spend_text,
        currency_text,
        quarantine_reason
    from converted

)

select * from final
