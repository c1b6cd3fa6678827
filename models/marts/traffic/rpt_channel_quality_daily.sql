{#-
    One row per session date x channel: the traffic quality of rpt_traffic_quality_daily summed
    over the channel's sources, mediums and campaigns, with all of the channel's spend that day
    (also on days with spend and no session: 0 sessions, insufficient_data).
-#}

with counts as (

    select * from {{ ref('int_traffic_sessions_counted') }}

),

spend as (

    select
        spend_date,
        channel,
        spend
    from {{ ref('int_marketing_spend_validated') }}

),

channel_counts as (

    select
        session_date,
        channel,
        sum(sessions) as sessions,
        sum(bot_sessions) as bot_sessions,
        sum(human_sessions) as human_sessions,
        sum(engaged_sessions) as engaged_sessions,
        sum(page_views) as page_views,
        sum(duration_seconds) as duration_seconds,
        sum(collector_engagement_seconds) as collector_engagement_seconds,
        sum(collector_engaged_time_sessions) as collector_engaged_time_sessions,
        sum(micro_conversion_sessions) as micro_conversion_sessions,
        sum(macro_conversion_sessions) as macro_conversion_sessions,
        sum(new_sessions) as new_sessions
    from counts
    group by session_date, channel

),

channel_spend as (

    select
        spend_date,
        channel,
        sum(spend) as spend
    from spend
    group by spend_date, channel

),

keys as (

    select
        session_date,
        channel
    from channel_counts

    union

    select
        spend_date as session_date,
        channel
    from channel_spend

),

counts_spent as (

    select
        keys.session_date,
        keys.channel,
        coalesce(channel_counts.sessions, 0) as sessions,
        coalesce(channel_counts.bot_sessions, 0) as bot_sessions,
        coalesce(channel_counts.human_sessions, 0) as human_sessions,
        coalesce(channel_counts.engaged_sessions, 0) as engaged_sessions,
        coalesce(channel_counts.page_views, 0) as page_views,
        coalesce(channel_counts.duration_seconds, 0) as duration_seconds,
        channel_counts.collector_engagement_seconds,
        coalesce(channel_counts.collector_engaged_time_sessions, 0)
            as collector_engaged_time_sessions,
        coalesce(channel_counts.micro_conversion_sessions, 0) as micro_conversion_sessions,
        coalesce(channel_counts.macro_conversion_sessions, 0) as macro_conversion_sessions,
        coalesce(channel_counts.new_sessions, 0) as new_sessions,
        channel_spend.spend
    from keys
    left join channel_counts
        on
            keys.session_date = channel_counts.session_date
            and keys.channel = channel_counts.channel
    left join channel_spend
        on
            keys.session_date = channel_spend.spend_date
            and keys.channel = channel_spend.channel

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
        cast(sessions as bigint) as sessions,
        cast(bot_sessions as bigint) as bot_sessions,
        cast(bot_share as double) as bot_share,
        cast(human_sessions as bigint) as human_sessions,
        cast(engaged_sessions as bigint) as engaged_sessions,
        cast(engaged_session_rate as double) as engaged_session_rate,
        cast(bounce_rate as double) as bounce_rate,
        cast(pages_per_session as double) as pages_per_session,
        cast(engagement_seconds_per_session as double) as engagement_seconds_per_session,
        cast(collector_engagement_seconds_per_session as double)
            as collector_engagement_seconds_per_session,
        cast(micro_conversion_sessions as bigint) as micro_conversion_sessions,
        cast(micro_conversion_rate as double) as micro_conversion_rate,
        cast(macro_conversion_sessions as bigint) as macro_conversion_sessions,
        cast(macro_conversion_rate as double) as macro_conversion_rate,
        cast(new_sessions as bigint) as new_sessions,
        cast(returning_sessions as bigint) as returning_sessions,
        cast(new_session_rate as double) as new_session_rate,
        cast(spend as double) as spend,
        cast(cost_per_engaged_session as double) as cost_per_engaged_session,
        cast(cost_per_micro_conversion as double) as cost_per_micro_conversion,
        {{ classify_traffic_quality() }}
    from rated

)

select * from final
