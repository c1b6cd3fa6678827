{#- One row per quarantined spend row: its texts as landed, its file and the reason. -#}

with spend_rows as (

    select
        spend_row_id,
        spend_file,
        spend_date_text,
        channel,
        campaign,
        spend_text,
        currency_text,
        quarantine_reason
    from {{ ref('int_marketing_spend_converted') }}
    where quarantine_reason is not null

),

final as (

    select
        spend_row_id,
        spend_file,
        spend_date_text as spend_date,
        channel,
        campaign,
        spend_text as spend,
        currency_text as currency,
        quarantine_reason as reason
    from spend_rows

)

select * from final
