{#-
    The clean events as stg_landing__events stages them, as a query: the typed landed rows the
    classification calls clean (joined by received_date and landed_row_number), campaign
    parameters filled from the page URL where the columns are empty, URL parts and the referrer
    host parsed, user_id pseudonymised when asked.

    `rows_filter`, a condition on the typed row (alias `landed_rows`), is applied before the
    join (landed_rows_classified_as) and the parsing: an incremental model that reads a batch of devices passes its
    condition here, so only their rows are joined and parsed. A filter on the view instead sits
    above them: every landed row of the history was joined and parsed on every incremental day
    (docs/performance.md, "History growth").
-#}
{% macro staged_events(rows_filter='true') %}
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
    from {{ landed_rows_classified_as('clean', rows_filter) }} as landed_events
{% endmacro %}
