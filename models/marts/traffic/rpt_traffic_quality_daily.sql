{#-
    One row per session date x source x medium x campaign (and the channel they make): the
    traffic's volume, engagement, conversions, bot share and new visitors, its share of the
    channel x campaign's spend that day, and its quality class with the rule that fired.
-#}

with counts as (

    select * from {{ ref('int_traffic_sessions_counted') }}

),

spend as (

    select
        spend_date,
        channel,
        campaign,
        spend
    from {{ ref('int_marketing_spend_validated') }}

),

counts_shared as (

    select
        *,
        cast(sessions as double) / sum(sessions) over (
            partition by session_date, channel, campaign
        ) as spend_share
    from counts

),

counts_spent as (

    select
        counts_shared.*,
        spend.spend * counts_shared.spend_share as spend
    from counts_shared
    left join spend
        on
            counts_shared.session_date = spend.spend_date
            and counts_shared.channel = spend.channel
            and counts_shared.campaign = spend.campaign

),

rated as (

    select
        *,
        {{ compute_traffic_rates() }}
    from counts_spent

),

final as (

    select
        session_date,
        channel,
        source,
        medium,
        campaign,
        sessions,
        bot_sessions,
        cast(bot_share as double) as bot_share,
        human_sessions,
        engaged_sessions,
        cast(engaged_session_rate as double) as engaged_session_rate,
        cast(bounce_rate as double) as bounce_rate,
        cast(pages_per_session as double) as pages_per_session,
        cast(engagement_seconds_per_session as double) as engagement_seconds_per_session,
        cast(collector_engagement_seconds_per_session as double)
            as collector_engagement_seconds_per_session,
        micro_conversion_sessions,
        cast(micro_conversion_rate as double) as micro_conversion_rate,
        macro_conversion_sessions,
        cast(macro_conversion_rate as double) as macro_conversion_rate,
        new_sessions,
        cast(returning_sessions as bigint) as returning_sessions,
        cast(new_session_rate as double) as new_session_rate,
        cast(spend as double) as spend,
        cast(cost_per_engaged_session as double) as cost_per_engaged_session,
        cast(cost_per_micro_conversion as double) as cost_per_micro_conversion,
        {{ classify_traffic_quality() }}
    from rated

)

select * from final
