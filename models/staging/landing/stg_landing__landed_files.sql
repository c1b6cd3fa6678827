{#-
    One row per file found under a collector's folder (var collectors), as the on-run-start hook listed
    and probed it: read (its rows staged), quarantined whole with a reason, or skipped (a
    hidden or marker file). Files received after the run's period end are left out, as their
    rows are.
-#}

with listed as (

    select * from {{ source('landing', 'files') }}

),

final as (

    select
        landed_file,
        file_kind,
        received_date,
        cast(file_bytes as bigint) as file_bytes,
        modified_at,
        landed_status,
        reason,
        reason_detail,
        cast(rows_in_file as bigint) as rows_in_file,
        collector,
        collector_kind
    from listed
    where
        received_date is null
        or {{ received_in_batch('received_date') }}
        or received_date <= (
            select max(staged.received_date)
            from {{ ref('stg_landing__landed_rows') }} as staged
        )

)

select * from final
