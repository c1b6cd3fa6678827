{#-
    One row per attribution goal x time lag in whole days from the first touch's start to the
    conversion (0 = the same 24 hours): conversions, their value and the share of the goal's
    conversions (Google Analytics' time lag report).
-#}

with first_touches as (

    select
        goal_id,
        conversion_value,
        days_before_conversion
    from {{ ref('int_attribution_touches') }}
    where touch_number = 1

),

conversions as (

    select
        goal_id,
        conversion_value,
        cast(floor(days_before_conversion) as bigint) as days_to_conversion
    from first_touches

),

final as (

    {{ summarize_conversions('conversions', ['days_to_conversion']) }}

)

select * from final
