{#-
    One row per device (anonymous_id) whose events this run may change: a device with a landed
    row among the deliveries of an event that has a row in the received days the run processes,
    or whose delivery a re-landed day of the run no longer holds.
    Incremental models keyed by device rebuild exactly these devices; rebuilt on every run.
    With no received-day window (a full build of everything landed) every delivery is in the
    batch, so the devices are simply those of the landed events: no join of every dedupe key
    (125 s at 100 million events; docs/decisions/0006).
-#}

{%- set window_start, window_end = batch_window() %}

-- depends_on: {{ ref('stg_landing__landed_rows') }} (read only with a window; the lineage stays)

with landed_events as (

    select
        dedupe_key,
        anonymous_id
    from {{ ref('stg_landing__landed_events') }}
    where anonymous_id is not null

),

{% if window_start or window_end -%}

    landed_rows as (

        select
            dedupe_key,
            received_date
        from {{ ref('stg_landing__landed_rows') }}

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

        union

        {# Devices of the events a re-landed day no longer holds. #}
        select withdrawn.anonymous_id
        from {{ ref('stg_landing__landed_events') }} as withdrawn
        where
            withdrawn.landed_status = 'withdrawn'
            and withdrawn.anonymous_id is not null
            and {{ received_in_batch('withdrawn.received_date', always_window=true) }}

    )

{%- else -%}

    final as (

        select distinct anonymous_id
        from landed_events

    )

{%- endif %}

select
    anonymous_id,
    {{ build_stamp() }} as built_at
from final
