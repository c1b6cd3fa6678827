{#-
    One row per device (anonymous_id): its person_id, the latest non-null user_id ever seen on
    the device, else the anonymous_id itself.
-#}

with events as (

    select
        anonymous_id,
        user_id,
        event_at,
        event_id
    from {{ ref('stg_landing__events') }}

),

latest_user_ids as (

    select
        anonymous_id,
        user_id,
        row_number() over (
            partition by anonymous_id
            order by event_at desc, event_id desc
        ) as recency_rank
    from events
    where user_id is not null

),

devices as (

    select distinct anonymous_id from events

),

final as (

    select
        devices.anonymous_id,
        coalesce(latest_user_ids.user_id, devices.anonymous_id) as person_id,
        latest_user_ids.user_id is not null as is_identified
    from devices
    left join latest_user_ids
        on devices.anonymous_id = latest_user_ids.anonymous_id
            and latest_user_ids.recency_rank = 1

)

select * from final
