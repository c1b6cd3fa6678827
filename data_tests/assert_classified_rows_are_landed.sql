{{ config(meta={"dagster": {"ref": {"name": "stg_landing__landed_events"}}}) }}

-- Every classified row but a withdrawn one points at exactly one typed landed row by
-- (received_date, landed_row_number): the columns stg_landing__events and quarantined_events
-- read come from there, so a lost or doubled pointer would drop or double an event.
with classified as (

    select
        received_date,
        landed_row_number,
        event_id,
        landed_status
    from {{ ref('stg_landing__landed_events') }}
    where landed_status != 'withdrawn'

),

landed_rows as (

    select
        received_date,
        landed_row_number,
        count(*) as rows_with_number
    from {{ ref('stg_landing__landed_rows') }}
    group by received_date, landed_row_number

)

select
    classified.received_date,
    classified.landed_row_number,
    classified.event_id,
    classified.landed_status,
    coalesce(landed_rows.rows_with_number, 0) as rows_with_number
from classified
left join landed_rows
    on
        classified.received_date = landed_rows.received_date
        and classified.landed_row_number = landed_rows.landed_row_number
where coalesce(landed_rows.rows_with_number, 0) != 1
