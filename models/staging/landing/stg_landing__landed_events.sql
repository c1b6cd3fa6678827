{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='dedupe_key',
) }}

{#-
    One row per landed row, classified as clean (the first valid delivery of an event_id),
    duplicate (a later valid delivery) or quarantined (with a reason), so that every landed row
    is counted exactly once. An incremental run reclassifies every delivery of the events that
    have a row in the received days it processes (a redelivery can arrive days later), before or
    after those days were landed again; a delivery a re-landed day no longer holds is kept as
    `withdrawn` (counted nowhere).

    Narrow: the classification, the keys and the few columns the batch models read; a row's
    other columns stay in stg_landing__landed_rows, found by (received_date, landed_row_number)
    (stg_landing__events, quarantined_events). Copying the 27 columns here was three quarters
    of this model's time (docs/performance.md).
-#}

{#- The rows to classify, and their columns: what this model keeps, and what the delivery order
    reads. A full build inlines them as a subquery into each of their three readers: a CTE read
    three times would be stored once in full (DuckDB materializes it). An incremental run
    stores them once (`classified_rows`, the deliveries of the batch's events: a small part of
    the history), so the typed rows of the whole history are scanned once, not three times plus
    once more for the withdrawn rows (docs/performance.md, "History growth"). -#}
{%- set kept_columns = [
    'event_id', 'anonymous_id', 'event_at', 'received_at', 'received_date', 'landed_row_number',
    'landed_file', 'landed_line', 'collector', 'dedupe_key',
] -%}
{%- set rows_to_classify -%}
    select {{ kept_columns | join(', ') }}, structural_reason, event_at_text, properties,
        page_url
    from {{ ref('stg_landing__landed_rows') }}
    {%- if is_incremental() %} where dedupe_key in (select dedupe_key from batch_keys){% endif %}
{%- endset %}
{%- set checked = 'classified_rows' if is_incremental() else '(' ~ rows_to_classify ~ ')' %}

with {% if is_incremental() -%}
batch_keys as (

    select dedupe_key
    from {{ ref('stg_landing__landed_rows') }}
    where {{ received_in_batch('received_date') }}

    union

    {# The events of the days processed as they were before: a re-landed day may have lost
        some of them. #}
    select dedupe_key
    from {{ this }}
    where {{ received_in_batch('received_date') }}

),

classified_rows as {{ materialize_cte() }} (

    {{ rows_to_classify }}

),

{# A delivery the previous build had on a received day that no longer holds it (the day was
    landed again with other content): kept as a `withdrawn` row, so that the devices of the
    events it leaves are rebuilt (int_devices_affected); counted nowhere. Every typed row of a
    batch key is in classified_rows. #}
withdrawn as (

    select *
    from {{ this }} as previous
    where
        previous.dedupe_key in (select batch_keys.dedupe_key from batch_keys)
        and not exists (
            select 1
            from classified_rows as landed
            where
                landed.dedupe_key = previous.dedupe_key
                and landed.received_date = previous.received_date
        )

),

{% endif -%}
{# Only events delivered validly more than once need ranking (a window sorts every row it
    carries): the rest are their event's first and only delivery. Both branches read the rows
    with a semi / anti join, so no intermediate is stored. #}
redelivered_event_ids as (

    select event_id
    from {{ checked }} as landed
    where structural_reason is null
    group by event_id
    having count(*) > 1

),

ranked as (

    select
        {{ kept_columns | join(', ') }},
        structural_reason,
        row_number() over (
            partition by event_id
            order by received_at, landed_file, event_at_text, properties, page_url
        ) as delivery_number
    from {{ checked }} as landed
    where
        structural_reason is null
        and event_id in (select redelivered_event_ids.event_id from redelivered_event_ids)

    union all

    select
        {{ kept_columns | join(', ') }},
        structural_reason,
        1 as delivery_number
    from {{ checked }} as landed
    where
        structural_reason is not null
        or event_id not in (select redelivered_event_ids.event_id from redelivered_event_ids)

),

classified as (

    select
        *,
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

),

final as (

    select
        {{ kept_columns | join(',\n        ') }},
        landed_status,
        quarantine_reason
    from classified

    {% if is_incremental() -%}
        union all

        select
            {{ kept_columns | join(',\n            ') }},
            'withdrawn' as landed_status,
            cast(null as {{ dbt.type_string() }}) as quarantine_reason
        from withdrawn
    {%- endif %}

)

select * from final
