{{ config(severity='warn', store_failures=true) }}

-- A warning, not a failure: every goal value read from an event property was a finite decimal
-- number >= 0 in a currency that converts. A flagged hit still counts, with no value (kept out of
-- every sum); one row per flagged hit with its reason, also in the mart flagged_goal_values.
select
    goal_hit_id,
    goal_id,
    value_text,
    currency_text,
    value_problem
from {{ ref('flagged_goal_values') }}
