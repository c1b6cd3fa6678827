{{ config(materialized='table') }}

{#-
    One row per landed row. Types the text columns, truncates IP addresses, and classifies every
    row as clean, duplicate or quarantined (with a reason), so that every landed row is counted
    exactly once. Materialised as a table: it is the only model that reads the landed files.
-#}

with landed as (

    select * from {{ source('landing', 'events') }}
    {% if var('period_end_date') %}
        where received_date <= cast('{{ var("period_end_date") }}' as date)
    {% endif %}

),

trimmed as (

    select
        {% for column in landing_columns() %}
            {%- if column in ('event_at', 'received_at') %}
                nullif(trim({{ column }}), '') as {{ column }}_text,
            {%- elif column != 'ip_address' %}
                nullif(trim({{ column }}), '') as {{ column }},
            {%- endif %}
        {%- endfor %}
        {{ truncate_ip_address("nullif(trim(ip_address), '')") }} as ip_address,
        received_date,
        landed_file
    from landed

),

typed as (

    select
        *,
        {{ parse_utc_timestamp('event_at_text') }} as event_at,
        {{ parse_utc_timestamp('received_at_text') }} as received_at
    from trimmed

),

checked as (

    select
        *,
        case
            when event_id is null then 'missing_event_id'
            when event_name is null then 'missing_event_name'
            when event_at_text is null then 'missing_event_at'
            when received_at_text is null then 'missing_received_at'
            when anonymous_id is null then 'missing_anonymous_id'
            when event_at is null then 'unparseable_event_at'
            when received_at is null then 'unparseable_received_at'
            when properties is not null and not {{ is_json_object('properties') }}
                then 'properties_not_json_object'
            when {{ seconds_between('received_at', 'event_at') }}
                > {{ var('max_clock_skew_hours') }} * 3600
                then 'clock_skew'
        end as structural_reason
    from typed

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id, structural_reason is null
            order by received_at, landed_file, event_at_text, properties, page_url
        ) as delivery_number
    from checked

),

final as (

    select
        {% for column in landing_columns() if column not in ('event_at', 'received_at') %}
            {{ column }},
        {%- endfor %}
        event_at,
        received_at,
        event_at_text,
        received_at_text,
        received_date,
        landed_file,
        case
            when structural_reason is not null then 'quarantined'
            when delivery_number > 1 then 'duplicate'
            when {{ seconds_between('event_at', 'received_at') }}
                > {{ var('late_arrival_days') }} * 86400
                then 'quarantined'
            else 'clean'
        end as landed_status,
        case
            when structural_reason is not null then structural_reason
            when delivery_number > 1 then null
            when {{ seconds_between('event_at', 'received_at') }}
                > {{ var('late_arrival_days') }} * 86400
                then 'late_arrival'
        end as quarantine_reason
    from ranked

)

select * from final
