{{ config(meta={"dagster": {"ref": {"name": "fct_sessions"}}}) }}

-- Every clean event lies in exactly one session, and every session's event count adds up.
with events as (

    select count(*) as clean_events from {{ ref('stg_landing__events') }}

),

sessionized as (

    select
        count(*) as sessionized_events,
        count(distinct event_id) as distinct_events
    from {{ ref('int_events_sessionized') }}

),

sessions as (

    select coalesce(sum(events), 0) as session_events from {{ ref('fct_sessions') }}

)

select
    events.clean_events,
    sessionized.sessionized_events,
    sessionized.distinct_events,
    sessions.session_events
from events
cross join sessionized
cross join sessions
where
    events.clean_events != sessionized.sessionized_events
    or sessionized.sessionized_events != sessionized.distinct_events
    or sessionized.sessionized_events != sessions.session_events
