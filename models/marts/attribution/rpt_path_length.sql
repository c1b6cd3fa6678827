{#-
    One row per attribution goal x path length (touches before and including the converting
    one, within the lookback window): conversions, their value and the share of the goal's
    conversions (Google Analytics' path length report).
-#}

with conversions as (

    select
        goal_id,
        conversion_value,
        touches_in_path
    from {{ ref('int_attribution_touches') }}
    where touch_number = 1

),

final as (

    {{ summarize_conversions('conversions', ['touches_in_path']) }}

)

select * from final
