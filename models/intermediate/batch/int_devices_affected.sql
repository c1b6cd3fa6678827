{#-
    One row per device (anonymous_id) whose events this run may change: a device with a landed
    row among the deliveries of an event that has a row in the received days the run processes.
    Incremental models keyed by device rebuild exactly these devices; rebuilt on every run.
-#}

with landed_rows as (

    select
        dedupe_key,
        received_date
    from {{ ref('stg_landing__landed_rows') }}

),

landed_events as (

    select
        dedupe_key,
        anonymous_id
    from {{ ref('stg_landing__landed_events') }}
    where anonymous_id is not null

),

batch_keys as (

    select distinct dedupe_key
    from landed_rows
    where {{ received_in_batch('received_date', always_window=true) }}

),

final as (

    select distinct landed_events.anonymous_id
    from landed_events
    inner join batch_keys
        on landed_events.dedupe_key = batch_keys.dedupe_key

)

select * from final
