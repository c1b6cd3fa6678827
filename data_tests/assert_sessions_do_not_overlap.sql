-- No two sessions of one device overlap in time: each session starts after the previous ended.
with sessions as (

    select
        anonymous_id,
        session_id,
        started_at,
        ended_at,
        lag(ended_at) over (
            partition by anonymous_id order by started_at, session_id
        ) as previous_ended_at
    from {{ ref('fct_sessions') }}

)

select *
from sessions
where previous_ended_at is not null and started_at < previous_ended_at
