{#-
    One row per landed file that was not read: quarantined whole (unreadable, empty, an unknown
    kind, outside a received_date folder, a nested column) or skipped (hidden or marker file),
    with its reason. Each broken line of a JSON-lines file is in quarantined_events instead.
-#}

with landed_files as (

    select * from {{ ref('stg_landing__landed_files') }}
    where landed_status != 'read'

),

final as (

    select
        landed_file,
        file_kind,
        received_date,
        file_bytes,
        modified_at,
        landed_status,
        reason,
        reason_detail,
        collector
    from landed_files

)

select * from final
