{#-
    One row per distinct combination of a session's raw traffic fields: its source, medium and
    campaign (docs/rules.md, Traffic source: the utm triple; else a paid click id, gclid / wbraid
    / gbraid as google / cpc, dclid as dfa / cpm, msclkid as bing / cpc; else the external
    referrer as organic or referral; else an fbclid as a referral from facebook; else direct),
    the source's GA4 category and the default channel group (first matching rule of the seed
    channel_grouping_rules). A referrer host is internal (macro is_internal_host) when it is an
    entry of internal_hosts, a leading `www.` removed from the entry, or a sub-domain of one.
-#}

with sessions as (

    select distinct
        traffic_source_key,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer_host,
        auto_tag_type
    from {{ ref('int_sessions_aggregated') }}

),

source_categories as (

    select
        lower(source) as category_source,
        source_category
    from {{ ref('ga4_source_categories') }}

),

channel_rules as (

    select * from {{ ref('channel_grouping_rules') }}

),

external_referrers as (

    select
        *,
        case
            when {{ is_internal_host('referrer_host') }} then null
            else referrer_host
        end as external_referrer_host,
        coalesce(utm_source, utm_medium, utm_campaign) is not null as has_campaign,
        case
            when auto_tag_type in ('gclid', 'wbraid', 'gbraid') then 'google'
            when auto_tag_type = 'dclid' then 'dfa'
            when auto_tag_type = 'msclkid' then 'bing'
        end as paid_click_source,
        case
            when auto_tag_type in ('gclid', 'wbraid', 'gbraid', 'msclkid') then 'cpc'
            when auto_tag_type = 'dclid' then 'cpm'
        end as paid_click_medium
    from sessions

),

lookup_keys as (

    select
        *,
        case
            when has_campaign then lower(utm_source)
            when paid_click_source is not null then paid_click_source
            when external_referrer_host is not null
                then regexp_replace(external_referrer_host, '^www[.]', '')
            when auto_tag_type = 'fbclid' then 'facebook'
        end as lookup_source
    from external_referrers

),

category_candidates as (

    select
        lookup_keys.traffic_source_key,
        source_categories.category_source,
        source_categories.source_category,
        row_number() over (
            partition by lookup_keys.traffic_source_key
            order by
                case
                    when lookup_keys.lookup_source = source_categories.category_source then 1
                    when lookup_keys.lookup_source
                        like {{ dbt.concat(["'%.'", 'source_categories.category_source']) }}
                        then 2
                    else 3
                end,
                length(source_categories.category_source) desc,
                source_categories.category_source
        ) as candidate_rank
    from lookup_keys
    inner join source_categories
        on lookup_keys.lookup_source = source_categories.category_source
            or lookup_keys.lookup_source
            like {{ dbt.concat(["'%.'", 'source_categories.category_source']) }}
            or (
                source_categories.category_source not like '%.%'
                and {{ dbt.concat(["'.'", 'lookup_keys.lookup_source', "'.'"]) }}
                like {{ dbt.concat(["'%.'", 'source_categories.category_source', "'.%'"]) }}
            )

),

sourced as (

    select
        lookup_keys.traffic_source_key,
        lookup_keys.utm_source,
        lookup_keys.utm_medium,
        lookup_keys.utm_campaign,
        lookup_keys.referrer_host,
        lookup_keys.auto_tag_type,
        case
            when lookup_keys.has_campaign then coalesce(lookup_keys.utm_source, '(not set)')
            when lookup_keys.lookup_source is null then '(direct)'
            when lookup_keys.paid_click_source is not null then lookup_keys.paid_click_source
            when category_candidates.source_category = 'SOURCE_CATEGORY_SEARCH'
                then category_candidates.category_source
            else lookup_keys.lookup_source
        end as source,
        case
            when lookup_keys.has_campaign then coalesce(lookup_keys.utm_medium, '(not set)')
            when lookup_keys.paid_click_medium is not null then lookup_keys.paid_click_medium
            when lookup_keys.lookup_source is null then '(none)'
            when category_candidates.source_category = 'SOURCE_CATEGORY_SEARCH' then 'organic'
            else 'referral'
        end as medium,
        case
            when lookup_keys.has_campaign then coalesce(lookup_keys.utm_campaign, '(not set)')
            when lookup_keys.paid_click_source is not null then '(not set)'
            when lookup_keys.lookup_source is null then '(direct)'
            when category_candidates.source_category = 'SOURCE_CATEGORY_SEARCH' then '(organic)'
            else '(referral)'
        end as campaign,
        category_candidates.source_category
    from lookup_keys
    left join category_candidates
        on lookup_keys.traffic_source_key = category_candidates.traffic_source_key
            and category_candidates.candidate_rank = 1

),

rule_matches as (

    select
        sourced.traffic_source_key,
        channel_rules.channel,
        row_number() over (
            partition by sourced.traffic_source_key
            order by channel_rules.rule_order
        ) as match_rank
    from sourced
    cross join channel_rules
    where
        (
            (
                channel_rules.match_mode = 'any'
                and (
                    sourced.source_category = channel_rules.source_category
                    or {{ regex_matches('sourced.source', 'channel_rules.source_regex') }}
                    or {{ regex_matches('sourced.medium', 'channel_rules.medium_regex') }}
                    or {{ regex_matches('sourced.campaign', 'channel_rules.campaign_regex') }}
                )
            )
            or (
                channel_rules.match_mode = 'all'
                and (
                    channel_rules.source_category is null
                    or sourced.source_category = channel_rules.source_category
                )
                and (
                    channel_rules.source_regex is null
                    or {{ regex_matches('sourced.source', 'channel_rules.source_regex') }}
                )
                and (
                    channel_rules.medium_regex is null
                    or {{ regex_matches('sourced.medium', 'channel_rules.medium_regex') }}
                )
                and (
                    channel_rules.campaign_regex is null
                    or {{ regex_matches('sourced.campaign', 'channel_rules.campaign_regex') }}
                )
            )
        )
        and (
            not channel_rules.requires_paid_medium
            or {{ regex_matches('sourced.medium', "'" ~ var('paid_medium_regex') ~ "'") }}
        )

),

final as (

    select
        sourced.*,
        coalesce(rule_matches.channel, 'Unassigned') as channel
    from sourced
    left join rule_matches
        on sourced.traffic_source_key = rule_matches.traffic_source_key
            and rule_matches.match_rank = 1

)

select * from final
