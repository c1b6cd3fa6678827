{#-
    One row per spend row, from the seed `marketing_spend` and from landed spend files, parsed:
    spend_date (an ISO date), spend (a finite decimal number >= 0, in the row's currency) and
    currency (ISO 4217; none given: var reporting_currency), with quarantine_reason naming the
    first thing wrong with the row (null for a good row): a row with more fields than its
    file's header (too_many_fields: `2026-03-01,Email,x,12,50` is not guessed to be 12.50) comes
    first. The texts as landed are kept for the
    quarantined rows' report (quarantined_spend).
-#}

with seeded as (

    select
        cast(spend_date as {{ dbt.type_string() }}) as spend_date,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(campaign as {{ dbt.type_string() }}) as campaign,
        cast(spend as {{ dbt.type_string() }}) as spend,
        cast(currency as {{ dbt.type_string() }}) as currency,
        cast(null as {{ dbt.type_string() }}) as extra_fields,
        'seed marketing_spend' as spend_file
    from {{ ref('marketing_spend') }}

),

landed as (

    select
        spend_date,
        channel,
        campaign,
        spend,
        currency,
        extra_fields,
        landed_file as spend_file
    from {{ source('landing', 'spend') }}

),

channels as (

    select distinct channel
    from {{ ref('channel_grouping_rules') }}

    union all

    select 'Unassigned' as channel

),

unioned as (

    select * from seeded
    union all
    select * from landed

),

trimmed as (

    select
        {{ dbt.concat([
            'spend_file',
            "' row '",
            'cast(row_number() over (partition by spend_file order by spend_date, channel,'
                ~ ' campaign, spend, currency) as ' ~ dbt.type_string() ~ ')',
        ]) }} as spend_row_id,
        spend_file,
        nullif(trim(spend_date), '') as spend_date_text,
        nullif(trim(channel), '') as channel,
        nullif(trim(campaign), '') as campaign,
        nullif(trim(spend), '') as spend_text,
        nullif(trim(currency), '') as currency_text,
        extra_fields
    from unioned

),

parsed as (

    select
        spend_row_id,
        spend_file,
        spend_date_text,
        spend_text,
        currency_text,
        extra_fields,
        case
            when {{ regex_matches(
                'spend_date_text', "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'", case_insensitive=false
            ) }}
                then {{ cast_or_null('spend_date_text', 'date') }}
        end as spend_date,
        channel,
        coalesce(campaign, '(not set)') as campaign,
        {{ parse_number_text('spend_text') }} as spend,
        {{ check_number_text('spend_text', 'spend') }} as spend_problem,
        coalesce(
            {{ parse_currency_code('currency_text') }},
            case when currency_text is null then '{{ var("reporting_currency") }}' end
        ) as currency
    from trimmed

),

final as (

    select
        parsed.spend_row_id,
        parsed.spend_file,
        parsed.spend_date,
        parsed.channel,
        parsed.campaign,
        parsed.spend,
        parsed.currency,
        parsed.spend_date_text,
        parsed.spend_text,
        parsed.currency_text,
        case
            when parsed.extra_fields is not null then 'too_many_fields'
            when parsed.spend_date_text is null then 'missing_spend_date'
            when parsed.spend_date is null then 'unparseable_spend_date'
            when parsed.spend_problem is not null then parsed.spend_problem
            when channels.channel is null then 'unknown_channel'
            when parsed.currency is null then 'unparseable_currency'
        end as quarantine_reason
    from parsed
    left join channels
        on parsed.channel = channels.channel

)

select * from final
