{{ config(meta={"dagster": {"ref": {"name": "fct_attribution_credits"}}}) }}

-- Every credited touch started at or before its conversion and no more than
-- var attribution_lookback_days before it (the converting session itself always counts).
with credits as (

    select distinct
        conversion_id,
        converted_at,
        touch_session_id,
        touch_started_at
    from {{ ref('fct_attribution_credits') }}

),

conversions as (

    select
        conversion_id,
        converting_session_id
    from {{ ref('int_attribution_conversions') }}

)

select credits.*
from credits
inner join conversions
    on credits.conversion_id = conversions.conversion_id
where
    credits.touch_started_at > credits.converted_at
    or (
        credits.touch_started_at < {{ dbt.dateadd(
            'day', -var('attribution_lookback_days'), 'credits.converted_at'
        ) }}
        and credits.touch_session_id <> conversions.converting_session_id
    )
