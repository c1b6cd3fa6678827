{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected') }}",
) }}

{#-
    One row per clean event, with its session. A device's session starts at its first event,
    after a gap of more than `session_timeout_minutes`, and (with `new_session_on_campaign_change`)
    at an event whose campaign triple (utm_source, utm_medium, utm_campaign) differs from the
    session's current triple. Events without campaign parameters (direct, referral) never start a
    session and never clear the current triple. See docs/decisions/0002-sessionization.md.
-#}

{%- set event_order = 'order by event_at, event_id' -%}

with events as (

    select
        event_id,
        event_name,
        event_at,
        anonymous_id,
        user_id,
        page_url,
        page_path,
        referrer_host,
        utm_source,
        utm_medium,
        utm_campaign,
        click_id,
        device_category,
        user_agent,
        country,
        properties
    from {{ ref('stg_landing__events') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected') }}

),

with_previous as (

    select
        *,
        case
            when utm_source is not null or utm_medium is not null or utm_campaign is not null
                then {{ dbt.concat([
                    "coalesce(utm_source, '')", "'|'",
                    "coalesce(utm_medium, '')", "'|'",
                    "coalesce(utm_campaign, '')",
                ]) }}
        end as campaign_key,
        lag(event_at) over (partition by anonymous_id {{ event_order }}) as previous_event_at
    from events

),

visit_starts as (

    select
        *,
        case
            when previous_event_at is null then 1
            when {{ seconds_between('previous_event_at', 'event_at') }}
                > {{ var('session_timeout_minutes') }} * 60
                then 1
            {% if var('split_sessions_at_midnight') %}
            when {{ to_reporting_date('previous_event_at') }} != {{ to_reporting_date('event_at') }}
                then 1
            {% endif %}
            else 0
        end as is_visit_start
    from with_previous

),

visits as (

    select
        *,
        sum(is_visit_start) over (
            partition by anonymous_id {{ event_order }}
            rows between unbounded preceding and current row
        ) as visit_number
    from visit_starts

),

current_campaigns as (

    select
        *,
        {{ last_non_null_value(
            'campaign_key',
            'partition by anonymous_id, visit_number ' ~ event_order
                ~ ' rows between unbounded preceding and 1 preceding'
        ) }} as current_campaign_key
    from visits

),

session_starts as (

    select
        *,
        case
            when is_visit_start = 1 then 1
            {% if var('new_session_on_campaign_change') %}
                when campaign_key is not null
                    and (current_campaign_key is null or campaign_key != current_campaign_key)
                    then 1
            {% endif %}
            else 0
        end as is_session_start
    from current_campaigns

),

numbered as (

    select
        *,
        sum(is_session_start) over (
            partition by anonymous_id {{ event_order }}
            rows between unbounded preceding and current row
        ) as session_number
    from session_starts

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'anonymous_id', "'|'",
            "first_value(event_id) over (partition by anonymous_id, session_number "
                ~ event_order ~ ")",
        ])) }} as session_id,
        anonymous_id,
        cast(session_number as bigint) as session_number,
        row_number() over (
            partition by anonymous_id, session_number {{ event_order }}
        ) as event_number,
        cast(case
            when event_name = 'page_view' then sum(
                    case when event_name = 'page_view' then 1 else 0 end
                ) over (
                    partition by anonymous_id, session_number {{ event_order }}
                    rows between unbounded preceding and current row
                )
        end as bigint) as page_view_number,
        event_id,
        event_name,
        event_at,
        user_id,
        page_url,
        page_path,
        referrer_host,
        utm_source,
        utm_medium,
        utm_campaign,
        click_id,
        device_category,
        user_agent,
        country,
        properties
    from numbered

)

select * from final
