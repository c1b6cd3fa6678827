{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='anonymous_id',
) }}

{#-
    One row per device (anonymous_id): its person_id, the latest non-null user_id ever seen on
    the device, else the anonymous_id itself. An incremental run rebuilds the affected devices
    and keeps the person each had before (previous_person_id), whose journeys change too
    (int_persons_affected; int_persons_before_stitching also keeps the former persons of a run
    stopped after this model).
-#}

{#- The staged events through their macro, the batch condition inside (int_events_sessionized). #}
-- depends_on: {{ ref('stg_landing__events') }}
{#- Built after the journal of the persons the affected devices have before this run. #}
-- depends_on: {{ ref('int_persons_before_stitching') }}
with events as {{ inline_cte() }} (

    select
        anonymous_id,
        user_id,
        event_at,
        event_id
    from (
        {{ staged_events(
            in_batch_keys('landed_rows.anonymous_id', 'int_devices_affected', 'anonymous_id')
        ) }}
    ) as staged

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
        latest_user_ids.user_id is not null as is_identified,
        {% if is_incremental() -%}
            previous.person_id
        {%- else -%}
            cast(null as {{ dbt.type_string() }})
        {%- endif %} as previous_person_id
    from devices
    left join latest_user_ids
        on devices.anonymous_id = latest_user_ids.anonymous_id
            and latest_user_ids.recency_rank = 1
    {% if is_incremental() -%}
        left join {{ this }} as previous
            on devices.anonymous_id = previous.anonymous_id
    {%- endif %}

)

select * from final
