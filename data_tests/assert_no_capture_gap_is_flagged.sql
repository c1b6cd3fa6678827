{{ config(severity='warn', store_failures=true) }}

-- A warning, not a failure: the capture-gap monitor flags no gap. One row per flagged gap
-- (suspected goal, segment, first day) with its last day, kind and strength, from the mart
-- rpt_capture_gaps_daily (docs/rules.md, Capture gaps): a funnel step or goal of that segment
-- reads low from gap_since_date because its event was not captured, not because visitors left.
select
    suspected_goal_id,
    segment_type,
    segment_value,
    gap_since_date,
    max(session_date) as gap_last_date,
    min(gap_kind) as gap_kind,
    max(gap_z) as gap_z
from {{ ref('rpt_capture_gaps_daily') }}
where has_capture_gap
group by 1, 2, 3, 4
