{{ config(
    materialized='incremental',
    incremental_strategy='append',
) }}

{#-
    One row per device whose counted goal hits this run may change: the affected devices, and
    the devices sharing an order with them. every_event goals count an order once across all
    devices (the earliest hit of the goal's order_id wins; a hit without order_id is its own
    order), so a late or withdrawn event on one device can move an order's counted hit to or
    from another device, which this run must recount too.

    The orders the affected devices touch are those of their hits now (int_goal_hits_matched,
    rebuilt for them before this model) and before the run (the rows int_goal_hits_counted
    still holds for them: a withdrawn event, a session turned bot). The devices holding a hit
    of one of those orders join the batch.

    A journal (docs/decisions/0027): an incremental run appends its devices and keeps the rows
    of runs that did not finish, because int_goal_hits_counted may already hold the new counts
    of a run killed midway while the models reading this batch after it were not rebuilt. The
    on-run-end hook clear_finished_batch empties it once a run built it and every incremental
    model downstream of it without a failure.

    A full build, or a project whose int_goal_hits_counted does not exist yet, takes every
    device with a hit of an every_event goal (the full build rebuilds everything anyway).
-#}

{#- int_goal_hits_counted as before this run: read by name, not ref (it reads this model). -#}
{%- set counted_before = existing_model_relation('int_goal_hits_counted')
    if is_incremental() else none -%}

with affected_devices as (

    select anonymous_id
    from {{ ref('int_devices_affected') }}

),

every_event_goals as (

    select goal_id
    from {{ ref('int_goals_validated') }}
    where counting = 'every_event'

),

{% if counted_before -%}

    {# The order key of int_goal_hits_counted's order dedupe: the order_id, else the event. #}
    order_hits as (

        select
            matched_hits.goal_id,
            matched_hits.anonymous_id,
            coalesce(
                {{ json_extract_text('matched_hits.properties', "'order_id'") }},
                matched_hits.event_id
            ) as order_key
        from {{ ref('int_goal_hits_matched') }} as matched_hits
        inner join every_event_goals
            on matched_hits.goal_id = every_event_goals.goal_id

    ),

    touched_orders as (

        select
            order_hits.goal_id,
            order_hits.order_key
        from order_hits
        inner join affected_devices
            on order_hits.anonymous_id = affected_devices.anonymous_id

        union

        select
            counted.goal_id,
            coalesce(counted.order_id, counted.event_id) as order_key
        from {{ counted_before }} as counted
        inner join every_event_goals
            on counted.goal_id = every_event_goals.goal_id
        inner join affected_devices
            on counted.anonymous_id = affected_devices.anonymous_id

    ),

    batch_devices as (

        select anonymous_id
        from affected_devices

        union

        select order_hits.anonymous_id
        from order_hits
        inner join touched_orders
            on
                order_hits.goal_id = touched_orders.goal_id
                and order_hits.order_key = touched_orders.order_key

    ),

{%- else -%}

    batch_devices as (

        select anonymous_id
        from affected_devices

        union

        select matched_hits.anonymous_id
        from {{ ref('int_goal_hits_matched') }} as matched_hits
        inner join every_event_goals
            on matched_hits.goal_id = every_event_goals.goal_id

    ),

{%- endif %}

final as (

    {{ journal_new_rows('batch_devices', 'anonymous_id') }}

)

select * from final
