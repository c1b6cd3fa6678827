{{ config(severity='warn', store_failures=true) }}

-- A warning, not a failure: money goes to traffic that looks fake. One row per day x source x
-- medium x campaign with a share of spend that rpt_traffic_quality_daily classes suspect (bot
-- share or engaged rate past the traffic_quality_* vars), with the rule that fired.
select
    session_date,
    channel,
    source,
    medium,
    campaign,
    sessions,
    spend,
    quality_reason
from {{ ref('rpt_traffic_quality_daily') }}
where quality_class = 'suspect' and spend > 0
