{#-
    One row per clean event (duplicates and quarantined rows removed): campaign parameters
    filled from the page URL where the columns are empty, URL parts and the referrer host parsed,
    user_id pseudonymised when asked. What a collector knows better (its session id, engaged
    time, engaged session) is carried as landed (docs/collectors.md). The classification says
    which rows are clean; their columns come from the typed landed rows.
-#}

with clean_rows as (

    select
        received_date,
        landed_row_number
    from {{ ref('stg_landing__landed_events') }}
    where landed_status = 'clean'

),

landed_events as (

    select landed_rows.*
    from {{ ref('stg_landing__landed_rows') }} as landed_rows
    inner join clean_rows
        on
            landed_rows.received_date = clean_rows.received_date
            and landed_rows.landed_row_number = clean_rows.landed_row_number

),

parsed as (

    select
        event_id,
        event_name,
        event_at,
        received_at,
        received_date,
        anonymous_id,
        {{ pseudonymize_user_id('user_id') }},
        page_url,
        page_title,
        coalesce(
            nullif(regexp_extract(page_url, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)', 1), ''),
            '/'
        ) as page_path,
        referrer_url,
        lower(
            nullif(regexp_extract(referrer_url, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:@]+)', 1), '')
        ) as referrer_host,
        coalesce(utm_source, {{ extract_url_parameter('page_url', 'utm_source') }}) as utm_source,
        coalesce(utm_medium, {{ extract_url_parameter('page_url', 'utm_medium') }}) as utm_medium,
        coalesce(
            utm_campaign, {{ extract_url_parameter('page_url', 'utm_campaign') }}
        ) as utm_campaign,
        coalesce(utm_term, {{ extract_url_parameter('page_url', 'utm_term') }}) as utm_term,
        coalesce(utm_content, {{ extract_url_parameter('page_url', 'utm_content') }})
            as utm_content,
        click_id,
        lower(device_category) as device_category,
        user_agent,
        ip_address,
        upper(country) as country,
        properties,
        collector,
        collector_session_id,
        {{ cast_or_null('engagement_time_msec', 'double') }} as engagement_time_msec,
        case
            when session_engaged is not null then lower(session_engaged) in ('1', 'true')
        end as session_engaged
    from landed_events

)

select * from parsed
