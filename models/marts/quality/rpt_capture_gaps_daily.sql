{#-
    One row per day x goal x required goal x segment (device category, browser family,
    operating system, country): the capture-gap monitor, from the counts of
    int_capture_gap_counts_daily. For each "requires" pair (a goal and a goal that must come
    before it: the closed ordered and strict funnels' earlier steps, and the seed
    capture_requirements) and each segment:
    - the rate: of the day's sessions with the required goal, the share that also hit the goal;
    - the impossible sequences: of the day's sessions with the goal, the share whose person had
      no hit of the required goal in the var capture_gap_lookback_hours before it;
    each against the segment's own pooled counts of the previous var capture_gap_baseline_days
    days and against the other segments of the same segment type. Consecutive days on the same
    side of the baseline form a run; a run is tested as a whole (binomial z,
    docs/decisions/0014) and, when significant, every day of it is flagged, from the run's first
    day (gap_since_date). A break's return to normal is not flagged as a break.
-#}

{%- set baseline_days = var('capture_gap_baseline_days') -%}
{%- set min_baseline_days = var('capture_gap_min_baseline_days') -%}
{%- set min_z = var('capture_gap_min_z') -%}
{%- set min_expected = var('capture_gap_min_expected') -%}
{%- set min_baseline_converted = var('capture_gap_min_baseline_converted') -%}
{%- set run_day_z = var('capture_gap_run_day_z') -%}
{%- set min_unpreceded = var('capture_gap_min_unpreceded') -%}
{%- set min_share = var('capture_gap_min_share') -%}
{%- set pair_key = 'goal_id, required_goal_id, segment_type, segment_value' -%}

with daily_counts as (

    select
        session_date,
        goal_id,
        required_goal_id,
        segment_type,
        segment_value,
        upstream_sessions,
        converted_sessions,
        downstream_sessions,
        unpreceded_sessions
    from {{ ref('int_capture_gap_counts_daily') }}

),

funnel_steps as (

    select
        funnel_id,
        step_number,
        goal_id
    from {{ ref('int_funnels_validated') }}

),

count_days as (

    select distinct session_date from daily_counts

),

count_keys as (

    select distinct {{ pair_key }} from daily_counts

),

{# Every day with counts x every pair and segment seen: days without volume count as zeros,
    so that a window of rows is a window of days. #}
grid as (

    select
        count_days.session_date,
        count_keys.goal_id,
        count_keys.required_goal_id,
        count_keys.segment_type,
        count_keys.segment_value,
        coalesce(daily_counts.upstream_sessions, 0) as upstream_sessions,
        coalesce(daily_counts.converted_sessions, 0) as converted_sessions,
        coalesce(daily_counts.downstream_sessions, 0) as downstream_sessions,
        coalesce(daily_counts.unpreceded_sessions, 0) as unpreceded_sessions
    from count_days
    cross join count_keys
    left join daily_counts
        on
            count_days.session_date = daily_counts.session_date
            and count_keys.goal_id = daily_counts.goal_id
            and count_keys.required_goal_id = daily_counts.required_goal_id
            and count_keys.segment_type = daily_counts.segment_type
            and count_keys.segment_value = daily_counts.segment_value

),

with_others as (

    select
        *,
        sum(upstream_sessions) over (
            partition by session_date, goal_id, required_goal_id, segment_type
        ) - upstream_sessions as other_upstream_sessions,
        sum(converted_sessions) over (
            partition by session_date, goal_id, required_goal_id, segment_type
        ) - converted_sessions as other_converted_sessions,
        sum(downstream_sessions) over (
            partition by session_date, goal_id, required_goal_id, segment_type
        ) - downstream_sessions as other_downstream_sessions,
        sum(unpreceded_sessions) over (
            partition by session_date, goal_id, required_goal_id, segment_type
        ) - unpreceded_sessions as other_unpreceded_sessions
    from grid

),

{%- set trailing = 'partition by ' ~ pair_key ~ ' order by session_date rows between '
    ~ baseline_days ~ ' preceding and 1 preceding' %}

with_baseline as (

    select
        *,
        sum(case when upstream_sessions + downstream_sessions > 0 then 1 else 0 end)
            over ({{ trailing }}) as baseline_days_with_volume,
        sum(upstream_sessions) over ({{ trailing }}) as baseline_upstream_sessions,
        sum(converted_sessions) over ({{ trailing }}) as baseline_converted_sessions,
        cast(sum(converted_sessions) over ({{ trailing }}) as double)
        / nullif(sum(upstream_sessions) over ({{ trailing }}), 0) as baseline_rate,
        cast(sum(other_converted_sessions) over ({{ trailing }}) as double)
        / nullif(sum(other_upstream_sessions) over ({{ trailing }}), 0) as baseline_other_rate,
        cast(sum(unpreceded_sessions) over ({{ trailing }}) as double)
        / nullif(sum(downstream_sessions) over ({{ trailing }}), 0)
            as baseline_unpreceded_share
    from with_others

),

directions as (

    select
        *,
        case
            when
                baseline_days_with_volume >= {{ min_baseline_days }}
                and upstream_sessions > 0
                and baseline_converted_sessions >= {{ min_baseline_converted }}
                and baseline_rate > 0
                and baseline_rate < 1
                and abs(converted_sessions - upstream_sessions * baseline_rate)
                >= {{ run_day_z }}
                * sqrt(upstream_sessions * baseline_rate * (1 - baseline_rate))
                then sign(converted_sessions - upstream_sessions * baseline_rate)
            else 0
        end as rate_direction,
        case
            when
                baseline_days_with_volume >= {{ min_baseline_days }}
                and downstream_sessions > 0
                and unpreceded_sessions > downstream_sessions * greatest(
                    coalesce(baseline_unpreceded_share, 0), {{ min_share }}
                )
                then 1
            else 0
        end as sequence_direction
    from with_baseline

),

run_starts as (

    select
        *,
        case
            when
                rate_direction
                = coalesce(lag(rate_direction) over (
                    partition by {{ pair_key }}
                    order by session_date
                ), -9)
                then 0
            else 1
        end as is_rate_run_start,
        case
            when
                sequence_direction
                = coalesce(lag(sequence_direction) over (
                    partition by {{ pair_key }}
                    order by session_date
                ), -9)
                then 0
            else 1
        end as is_sequence_run_start
    from directions

),

runs as (

    select
        *,
        sum(is_rate_run_start) over (
            partition by {{ pair_key }} order by session_date
            rows between unbounded preceding and current row
        ) as rate_run_number,
        sum(is_sequence_run_start) over (
            partition by {{ pair_key }} order by session_date
            rows between unbounded preceding and current row
        ) as sequence_run_number
    from run_starts

),

rate_runs as (

    select
        {{ pair_key }},
        rate_run_number,
        rate_direction,
        min(session_date) as rate_run_since_date,
        max(session_date) as rate_run_last_date,
        max(case when is_rate_run_start = 1 then baseline_rate end) as run_baseline_rate,
        max(case when is_rate_run_start = 1 then baseline_upstream_sessions end)
            as run_baseline_upstream_sessions,
        max(case when is_rate_run_start = 1 then baseline_converted_sessions end)
            as run_baseline_converted_sessions,
        max(case when is_rate_run_start = 1 then baseline_other_rate end)
            as run_baseline_other_rate,
        sum(upstream_sessions) as run_upstream_sessions,
        sum(converted_sessions) as run_converted_sessions,
        sum(other_upstream_sessions) as run_other_upstream_sessions,
        sum(other_converted_sessions) as run_other_converted_sessions
    from runs
    where rate_direction <> 0
    group by 1, 2, 3, 4, 5, 6

),

rate_tests as (

    select
        *,
        least(greatest(
            run_baseline_rate
            * (cast(run_other_converted_sessions as double) / run_other_upstream_sessions)
            / run_baseline_other_rate,
            0.0001
        ), 0.9999) as run_adjusted_rate
    from rate_runs
    where run_other_upstream_sessions > 0 and run_baseline_other_rate > 0

),

rate_scores as (

    select
        {{ pair_key }},
        rate_run_number,
        rate_direction,
        rate_run_since_date,
        rate_run_last_date,
        run_upstream_sessions * run_baseline_rate as run_expected_sessions,
        {# Two proportions: the run against the baseline before it, both with their noise. #}
        (
            cast(run_converted_sessions as double) / run_upstream_sessions - run_baseline_rate
        ) / sqrt(
            (
                cast(run_converted_sessions + run_baseline_converted_sessions as double)
                / (run_upstream_sessions + run_baseline_upstream_sessions)
            )
            * (
                1 - cast(run_converted_sessions + run_baseline_converted_sessions as double)
                / (run_upstream_sessions + run_baseline_upstream_sessions)
            )
            * (1.0 / run_upstream_sessions + 1.0 / run_baseline_upstream_sessions)
        ) as rate_z_baseline,
        (run_converted_sessions - run_upstream_sessions * run_adjusted_rate)
        / sqrt(run_upstream_sessions * run_adjusted_rate * (1 - run_adjusted_rate))
            as rate_z_other_segments
    from rate_tests

),

rate_breaks as (

    select
        *,
        coalesce(
            run_expected_sessions >= {{ min_expected }}
            and abs(rate_z_baseline) >= {{ min_z }}
            and abs(rate_z_other_segments) >= {{ min_z }}
            and sign(rate_z_baseline) = rate_direction
            and sign(rate_z_other_segments) = rate_direction,
            false
        ) as is_break_run
    from rate_scores

),

{# A run in the opposite direction of a break that ended within its baseline window is the
    return to normal (its baseline holds the break's days), not a new break. #}
rate_recoveries as (

    select distinct
        later.goal_id,
        later.required_goal_id,
        later.segment_type,
        later.segment_value,
        later.rate_run_number
    from rate_breaks as later
    inner join rate_breaks as earlier
        on
            later.goal_id = earlier.goal_id
            and later.required_goal_id = earlier.required_goal_id
            and later.segment_type = earlier.segment_type
            and later.segment_value = earlier.segment_value
            and later.rate_direction = -earlier.rate_direction
            and later.rate_run_since_date > earlier.rate_run_last_date
            and earlier.rate_run_last_date
            >= {{ dbt.dateadd('day', -baseline_days, 'later.rate_run_since_date') }}
    where earlier.is_break_run

),

rate_flags as (

    select
        rate_breaks.*,
        rate_breaks.is_break_run and rate_recoveries.rate_run_number is null as is_rate_break
    from rate_breaks
    left join rate_recoveries
        on
            rate_breaks.goal_id = rate_recoveries.goal_id
            and rate_breaks.required_goal_id = rate_recoveries.required_goal_id
            and rate_breaks.segment_type = rate_recoveries.segment_type
            and rate_breaks.segment_value = rate_recoveries.segment_value
            and rate_breaks.rate_run_number = rate_recoveries.rate_run_number

),

sequence_runs as (

    select
        {{ pair_key }},
        sequence_run_number,
        min(session_date) as sequence_run_since_date,
        greatest(
            coalesce(
                max(case when is_sequence_run_start = 1 then baseline_unpreceded_share end), 0
            ),
            {{ min_share }}
        ) as run_expected_share,
        sum(downstream_sessions) as run_downstream_sessions,
        sum(unpreceded_sessions) as run_unpreceded_sessions,
        sum(other_downstream_sessions) as run_other_downstream_sessions,
        sum(other_unpreceded_sessions) as run_other_unpreceded_sessions
    from runs
    where sequence_direction = 1
    group by 1, 2, 3, 4, 5

),

sequence_scores as (

    select
        {{ pair_key }},
        sequence_run_number,
        sequence_run_since_date,
        run_unpreceded_sessions,
        (run_unpreceded_sessions - run_downstream_sessions * run_expected_share)
        / sqrt(run_downstream_sessions * run_expected_share * (1 - run_expected_share))
            as sequence_z_baseline,
        case
            when
                run_other_downstream_sessions > 0
                and run_unpreceded_sessions + run_other_unpreceded_sessions
                < run_downstream_sessions + run_other_downstream_sessions
                then (
                    cast(run_unpreceded_sessions as double) / run_downstream_sessions
                    - cast(run_other_unpreceded_sessions as double)
                    / run_other_downstream_sessions
                ) / sqrt(
                    (
                        cast(run_unpreceded_sessions + run_other_unpreceded_sessions as double)
                        / (run_downstream_sessions + run_other_downstream_sessions)
                    )
                    * (
                        1 - cast(run_unpreceded_sessions + run_other_unpreceded_sessions as double)
                        / (run_downstream_sessions + run_other_downstream_sessions)
                    )
                    * (1.0 / run_downstream_sessions + 1.0 / run_other_downstream_sessions)
                )
        end as sequence_z_other_segments
    from sequence_runs

),

flagged as (

    select
        runs.*,
        rate_flags.rate_run_since_date,
        rate_flags.rate_z_baseline,
        rate_flags.rate_z_other_segments,
        sequence_scores.sequence_run_since_date,
        sequence_scores.sequence_z_baseline,
        sequence_scores.sequence_z_other_segments,
        coalesce(rate_flags.is_rate_break, false) as is_rate_break,
        coalesce(
            sequence_scores.run_unpreceded_sessions >= {{ min_unpreceded }}
            and sequence_scores.sequence_z_baseline >= {{ min_z }}
            and sequence_scores.sequence_z_other_segments >= {{ min_z }},
            false
        ) as is_impossible_sequence
    from runs
    left join rate_flags
        on
            runs.goal_id = rate_flags.goal_id
            and runs.required_goal_id = rate_flags.required_goal_id
            and runs.segment_type = rate_flags.segment_type
            and runs.segment_value = rate_flags.segment_value
            and runs.rate_run_number = rate_flags.rate_run_number
    left join sequence_scores
        on
            runs.goal_id = sequence_scores.goal_id
            and runs.required_goal_id = sequence_scores.required_goal_id
            and runs.segment_type = sequence_scores.segment_type
            and runs.segment_value = sequence_scores.segment_value
            and runs.sequence_run_number = sequence_scores.sequence_run_number

),

suspected as (

    select
        *,
        case
            when is_impossible_sequence then required_goal_id
            when is_rate_break then goal_id
        end as suspected_goal_id,
        case
            when is_impossible_sequence then 'impossible_sequence'
            when is_rate_break and rate_direction < 0 then 'rate_drop'
            when is_rate_break then 'rate_jump'
        end as gap_kind
    from flagged

),

distorted_steps as (

    select
        goal_id,
        {{ dbt.listagg(
            dbt.concat(['funnel_id', "':'", 'cast(step_number as ' ~ dbt.type_string() ~ ')']),
            "', '",
            'order by funnel_id, step_number',
        ) }} as distorted_funnel_steps
    from funnel_steps
    where goal_id is not null
    group by 1

),

final as (

    select
        suspected.session_date,
        suspected.goal_id,
        suspected.required_goal_id,
        suspected.segment_type,
        suspected.segment_value,
        cast(suspected.upstream_sessions as bigint) as upstream_sessions,
        cast(suspected.converted_sessions as bigint) as converted_sessions,
        case
            when suspected.upstream_sessions > 0
                then cast(suspected.converted_sessions as double) / suspected.upstream_sessions
        end as conversion_rate,
        cast(suspected.baseline_rate as double) as baseline_rate,
        case
            when suspected.other_upstream_sessions > 0
                then cast(suspected.other_converted_sessions as double)
                    / suspected.other_upstream_sessions
        end as other_segments_rate,
        cast(suspected.downstream_sessions as bigint) as downstream_sessions,
        cast(suspected.unpreceded_sessions as bigint) as unpreceded_sessions,
        case
            when suspected.downstream_sessions > 0
                then cast(suspected.unpreceded_sessions as double) / suspected.downstream_sessions
        end as unpreceded_share,
        cast(suspected.baseline_unpreceded_share as double) as baseline_unpreceded_share,
        case
            when suspected.other_downstream_sessions > 0
                then cast(suspected.other_unpreceded_sessions as double)
                    / suspected.other_downstream_sessions
        end as other_segments_unpreceded_share,
        cast(suspected.rate_z_baseline as double) as rate_z_baseline,
        cast(suspected.rate_z_other_segments as double) as rate_z_other_segments,
        cast(suspected.sequence_z_baseline as double) as sequence_z_baseline,
        cast(suspected.sequence_z_other_segments as double) as sequence_z_other_segments,
        suspected.is_rate_break,
        suspected.is_impossible_sequence,
        suspected.is_rate_break or suspected.is_impossible_sequence as has_capture_gap,
        suspected.gap_kind,
        suspected.suspected_goal_id,
        case
            when suspected.is_impossible_sequence then suspected.sequence_run_since_date
            when suspected.is_rate_break then suspected.rate_run_since_date
        end as gap_since_date,
        cast(case
            when suspected.is_impossible_sequence
                then least(suspected.sequence_z_baseline, suspected.sequence_z_other_segments)
            when suspected.is_rate_break
                then least(
                        abs(suspected.rate_z_baseline), abs(suspected.rate_z_other_segments)
                    )
        end as double) as gap_z,
        distorted_steps.distorted_funnel_steps
    from suspected
    left join distorted_steps
        on suspected.suspected_goal_id = distorted_steps.goal_id

)

select * from final
