{{ config(severity='warn', store_failures=true) }}

-- A warning, not a failure: every landed event file was read. A file quarantined whole is left
-- out and every other file and day builds; one row per quarantined file with its reason, also in
-- the mart quarantined_files (skipped marker files such as _SUCCESS are not warned about).
select
    landed_file,
    received_date,
    reason,
    reason_detail
from {{ ref('quarantined_files') }}
where landed_status = 'quarantined'
