{{ config(severity='warn', store_failures=true) }}

-- A warning, not a failure: every spend row (seed marketing_spend and landed spend files) was
-- usable. A quarantined row is left out of spend and the rest of the build goes on; one row per
-- quarantined spend row with its reason, also in the mart quarantined_spend.
select
    spend_row_id,
    spend_file,
    reason
from {{ ref('quarantined_spend') }}
