{#-
    One row per entry date x funnel x step x entry channel x entry device: entrants (journeys
    that entered that day), journeys that reached the step, conversion from entry and from the
    previous step, drop-off from the previous step, median and p90 seconds from entry to the
    step; and, as in Google Analytics' funnel visualisation, entrances (journeys whose first
    step was this one: open funnels) and exits (journeys whose last step was this one, before
    the final step). suspected_capture_gap marks a step whose goal the capture-gap monitor
    suspects on that day in that device category (rpt_capture_gaps_daily): its drop-off is then
    likely a tracking gap, not abandonment.
    Journeys excluded by a funnel exclusion are counted apart: entrants = counted_entrants +
    excluded_entrants, and every other figure counts the counted journeys only.
-#}

with steps as {{ inline_cte() }} (

    select
        funnel_id,
        journey_id,
        step_number,
        seconds_since_entry,
        entry_date,
        entry_step_number,
        entry_channel,
        entry_device_category,
        is_excluded
    from {{ ref('fct_funnel_steps') }}

),

counted_steps as (

    select * from steps
    where not is_excluded

),

funnel_steps as (

    select
        funnel_id,
        funnel_name,
        step_number,
        step_name,
        step_count,
        step_order,
        goal_id
    from {{ ref('int_funnels_validated') }}

),

{# The monitor's gaps at this report's grain: day x device category x suspected goal. #}
capture_gaps as (

    select distinct
        session_date,
        segment_value as device_category,
        suspected_goal_id
    from {{ ref('rpt_capture_gaps_daily') }}
    where has_capture_gap and segment_type = 'device_category'

),

journeys as (

    select
        funnel_id,
        journey_id,
        entry_date,
        entry_channel,
        entry_device_category,
        entry_step_number,
        is_excluded,
        max(step_number) as last_step_number
    from steps
    group by 1, 2, 3, 4, 5, 6, 7

),

{# Speed: the journeys are counted per entry day, channel, device, entry step and last step
    first (a few thousand groups); entrants, entrances and exits sum those counts. #}
journey_groups as (

    select
        funnel_id,
        entry_date,
        entry_channel,
        entry_device_category,
        entry_step_number,
        last_step_number,
        is_excluded,
        count(*) as journeys
    from journeys
    group by 1, 2, 3, 4, 5, 6, 7

),

entrants as (

    select
        funnel_id,
        entry_date,
        entry_channel,
        entry_device_category,
        sum(journeys) as entrants,
        sum(case when is_excluded then journeys else 0 end) as excluded_entrants
    from journey_groups
    group by 1, 2, 3, 4

),

{{
    compute_percentiles(
        'reached',
        'counted_steps',
        ['funnel_id', 'entry_date', 'entry_channel', 'entry_device_category', 'step_number'],
        'seconds_since_entry',
        {'median_seconds_to_step': 0.5, 'p90_seconds_to_step': 0.9},
        'reached',
    )
}},

entrances_and_exits as (

    select
        journey_groups.funnel_id,
        journey_groups.entry_date,
        journey_groups.entry_channel,
        journey_groups.entry_device_category,
        funnel_steps.step_number,
        sum(
            case
                when funnel_steps.step_number = {{ funnel_entry_row(
                    'funnel_steps.step_order', 'journey_groups.entry_step_number'
                ) }}
                    then journey_groups.journeys
                else 0
            end
        ) as entrances,
        sum(
            case
                when
                    journey_groups.last_step_number = funnel_steps.step_number
                    and funnel_steps.step_number < funnel_steps.step_count
                    then journey_groups.journeys
                else 0
            end
        ) as exits
    from journey_groups
    inner join funnel_steps
        on journey_groups.funnel_id = funnel_steps.funnel_id
    where not journey_groups.is_excluded
    group by 1, 2, 3, 4, 5

),

grid as (

    select
        entrants.funnel_id,
        funnel_steps.funnel_name,
        entrants.entry_date,
        entrants.entry_channel,
        entrants.entry_device_category,
        funnel_steps.step_number,
        funnel_steps.step_name,
        funnel_steps.step_number = funnel_steps.step_count as is_last_step,
        funnel_steps.goal_id,
        entrants.entrants,
        entrants.excluded_entrants,
        entrants.entrants - entrants.excluded_entrants as counted_entrants,
        coalesce(reached.reached, 0) as reached,
        reached.median_seconds_to_step,
        reached.p90_seconds_to_step,
        coalesce(entrances_and_exits.entrances, 0) as entrances,
        coalesce(entrances_and_exits.exits, 0) as exits
    from entrants
    inner join funnel_steps
        on entrants.funnel_id = funnel_steps.funnel_id
    left join reached
        on
            entrants.funnel_id = reached.funnel_id
            and entrants.entry_date = reached.entry_date
            and entrants.entry_channel = reached.entry_channel
            and entrants.entry_device_category = reached.entry_device_category
            and funnel_steps.step_number = reached.step_number
    left join entrances_and_exits
        on
            entrants.funnel_id = entrances_and_exits.funnel_id
            and entrants.entry_date = entrances_and_exits.entry_date
            and entrants.entry_channel = entrances_and_exits.entry_channel
            and entrants.entry_device_category = entrances_and_exits.entry_device_category
            and funnel_steps.step_number = entrances_and_exits.step_number

),

with_previous as (

    select
        *,
        coalesce(
            lag(reached) over (
                partition by funnel_id, entry_date, entry_channel, entry_device_category
                order by step_number
            ),
            counted_entrants
        ) as previous_reached
    from grid

),

with_gaps as (

    select
        with_previous.*,
        capture_gaps.suspected_goal_id as capture_gap_goal_id
    from with_previous
    left join capture_gaps
        on
            with_previous.entry_date = capture_gaps.session_date
            and with_previous.entry_device_category = capture_gaps.device_category
            and with_previous.goal_id = capture_gaps.suspected_goal_id

),

final as (

    select
        entry_date,
        funnel_id,
        funnel_name,
        cast(step_number as integer) as step_number,
        step_name,
        is_last_step,
        entry_channel,
        entry_device_category,
        {{ funnel_step_counts() }},
        cast(median_seconds_to_step as double) as median_seconds_to_step,
        cast(p90_seconds_to_step as double) as p90_seconds_to_step,
        cast(entrances as bigint) as entrances,
        cast(exits as bigint) as exits,
        capture_gap_goal_id is not null as suspected_capture_gap,
        capture_gap_goal_id
    from with_gaps

)

select * from final
