{#-
    A subquery: the typed landed rows (stg_landing__landed_rows) whose classification
    (stg_landing__landed_events) has status `status`, found by (received_date,
    landed_row_number), with the classification's quarantine_reason. `rows_filter`, a condition
    on the typed row (alias `landed_rows`), is applied before the join (staged_events).
    The one place that joins a classification back to its typed row: stg_landing__events (via
    staged_events) and quarantined_events read through it.
-#}
{% macro landed_rows_classified_as(status, rows_filter='true') %}
    (
        select
            landed_rows.*,
            classified.quarantine_reason
        from (
            select *
            from {{ ref('stg_landing__landed_rows') }} as landed_rows
            where {{ rows_filter }}
        ) as landed_rows
        inner join {{ ref('stg_landing__landed_events') }} as classified
            on
                landed_rows.received_date = classified.received_date
                and landed_rows.landed_row_number = classified.landed_row_number
        where classified.landed_status = '{{ status }}'
    )
{% endmacro %}
