{#-
    One row per event name among the landed events (clean ones), for the goal and funnel
    validations: a goal or funnel step naming an event not in it has never landed.
-#}

with events as (

    select event_name from {{ ref('stg_landing__events') }}

),

final as (

    select distinct event_name from events

)

select * from final
