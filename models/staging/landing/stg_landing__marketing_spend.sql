{#-
    One row per spend row, from the seed `marketing_spend` and from landed spend files, parsed:
    spend_date and spend typed, and problem naming what is wrong with a row that does not parse
    or names a channel the channel grouping does not know (null for a good row).
-#}

with seeded as (

    select
        cast(spend_date as {{ dbt.type_string() }}) as spend_date,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(campaign as {{ dbt.type_string() }}) as campaign,
        cast(spend as {{ dbt.type_string() }}) as spend,
        'seed marketing_spend' as spend_file
    from {{ ref('marketing_spend') }}

),

landed as (

    select
        spend_date,
        channel,
        campaign,
        spend,
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

parsed as (

    select
        {{ dbt.concat([
            'spend_file',
            "' row '",
            'cast(row_number() over (partition by spend_file order by spend_date, channel,'
                ~ ' campaign, spend) as ' ~ dbt.type_string() ~ ')',
        ]) }} as spend_row_id,
        spend_file,
        {{ cast_or_null('trim(spend_date)', 'date') }} as spend_date,
        trim(channel) as channel,
        coalesce(nullif(trim(campaign), ''), '(not set)') as campaign,
        {{ cast_or_null('trim(spend)', 'double') }} as spend,
        spend_date as spend_date_text,
        spend as spend_text
    from unioned

),

final as (

    select
        parsed.spend_row_id,
        parsed.spend_file,
        parsed.spend_date,
        parsed.channel,
        parsed.campaign,
        parsed.spend,
        case
            when parsed.spend_date is null
                then {{ dbt.concat(["'spend_date is not a date: '",
                    "coalesce(parsed.spend_date_text, '(empty)')"]) }}
            when parsed.spend is null or parsed.spend < 0
                then {{ dbt.concat(["'spend is not a number >= 0: '",
                    "coalesce(parsed.spend_text, '(empty)')"]) }}
            when channels.channel is null
                then {{ dbt.concat(["'unknown channel: '",
                    "coalesce(parsed.channel, '(empty)')"]) }}
        end as problem
    from parsed
    left join channels
        on parsed.channel = channels.channel

)

select * from final
