{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='received_date',
) }}

{#-
    One row per landed row, typed, IP addresses truncated, with the reason the row alone is
    invalid (structural_reason: a JSON line that is not a JSON object, a missing or unparseable
    required column, properties not a JSON object, clock skew) and the key grouping the
    deliveries of one event (dedupe_key). The only model that reads the landed files: an
    incremental run reads just the received days it processes and replaces them.
    (received_date, landed_row_number) identifies a row: the number is unique within the
    statement that inserts the day, and a day is always replaced whole. Later models keep that
    pair instead of copying the row's columns (stg_landing__landed_events).
-#}

{%- set snowplow_folders = [] -%}
{%- for folder, kind in landing_collectors().items() if kind == 'snowplow' -%}
    {%- do snowplow_folders.append("'" ~ folder ~ "'") -%}
{%- endfor %}

with landed as (

    select * from {{ source('landing', 'events') }}
    where {{ received_in_batch('received_date') }}

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
        landed_file,
        landed_line,
        landed_record,
        collector
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
            {% if snowplow_folders -%}
                when landed_record is not null
                    and collector in ({{ snowplow_folders | join(', ') }})
                    and not regexp_matches(lower(landed_file), '[.](jsonl|ndjson|json)([.]gz)?$')
                    then 'unparseable_tsv_line'
            {% endif -%}
            when landed_record is not null then 'unparseable_json_line'
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

final as (

    select
        *,
        coalesce(event_id, {{ dbt.concat(["'(no event_id) '", 'landed_file']) }}) as dedupe_key,
        {{ unique_row_number() }} as landed_row_number
    from checked

)

select * from final
