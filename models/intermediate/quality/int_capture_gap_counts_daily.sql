{#-
    One row per day x goal x required goal x segment with volume: the capture-gap monitor's
    counts (tested in rpt_capture_gaps_daily), summed from the per-session flags of
    int_capture_gap_sessions over each segment type (device category, browser family,
    operating system, country). A null segment value (int_sessions_segmented fills every one)
    is skipped, not counted. Rebuilt whole on every run: a sum over narrow stored flags, where
    the per-session work is incremental.
-#}

with pair_sessions as (

    select
        session_date,
        goal_id,
        required_goal_id,
        device_category,
        browser_family,
        operating_system,
        country,
        is_upstream,
        is_converted,
        is_downstream,
        is_unpreceded
    from {{ ref('int_capture_gap_sessions') }}

),

session_segments as (

    {% for segment_type in ['device_category', 'browser_family', 'operating_system', 'country'] %}
        select
            session_date,
            goal_id,
            required_goal_id,
            '{{ segment_type }}' as segment_type,
            {{ segment_type }} as segment_value,
            is_upstream,
            is_converted,
            is_downstream,
            is_unpreceded
        from pair_sessions
        where {{ segment_type }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

daily_counts as (

    select
        session_date,
        goal_id,
        required_goal_id,
        segment_type,
        segment_value,
        sum(is_upstream) as upstream_sessions,
        sum(is_converted) as converted_sessions,
        sum(is_downstream) as downstream_sessions,
        sum(is_unpreceded) as unpreceded_sessions
    from session_segments
    group by 1, 2, 3, 4, 5

)

select * from daily_counts
