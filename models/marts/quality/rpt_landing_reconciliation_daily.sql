{#-
    One row per received day and collector (the folder, var collectors): the files found (read, quarantined whole, skipped),
    the rows the read files hold as written (counted by the probe, not by the reader that
    stages them), and the staged rows: landed = clean events + duplicates + quarantined rows,
    with the quarantined rows split by reason. is_balanced holds when the staged rows are exactly
    the rows in the read files and each of them is clean, a duplicate or quarantined.
-#}

with landed_files as (

    select
        received_date,
        collector,
        count(*) as landed_files,
        sum(case when landed_status = 'read' then 1 else 0 end) as read_files,
        sum(case when landed_status = 'quarantined' then 1 else 0 end) as quarantined_files,
        sum(case when landed_status = 'skipped' then 1 else 0 end) as skipped_files,
        sum(case when landed_status = 'read' then rows_in_file else 0 end) as rows_in_files
    from {{ ref('stg_landing__landed_files') }}
    where received_date is not null
    group by 1, 2

),

landed_events as (

    select
        received_date,
        collector,
        landed_status,
        quarantine_reason
    from {{ ref('stg_landing__landed_events') }}
    where landed_status != 'withdrawn'

),

counted as (

    select
        received_date,
        collector,
        count(*) as landed_rows,
        sum(case when landed_status = 'clean' then 1 else 0 end) as clean_events,
        sum(case when landed_status = 'duplicate' then 1 else 0 end) as duplicate_rows,
        sum(case when landed_status = 'quarantined' then 1 else 0 end) as quarantined_rows,
        sum(case when quarantine_reason = 'late_arrival' then 1 else 0 end) as late_arrival_rows,
        sum(case when quarantine_reason = 'clock_skew' then 1 else 0 end) as clock_skew_rows,
        sum(
            case when quarantine_reason like 'missing_%' then 1 else 0 end
        ) as missing_required_rows,
        sum(
            case
                when quarantine_reason in ('unparseable_event_at', 'unparseable_received_at')
                    then 1
                else 0
            end
        ) as unparseable_timestamp_rows,
        sum(
            case
                when quarantine_reason in ('unparseable_json_line', 'unparseable_tsv_line')
                    then 1
                else 0
            end
        ) as broken_line_rows,
        sum(
            case when quarantine_reason = 'properties_not_json_object' then 1 else 0 end
        ) as bad_properties_rows
    from landed_events
    group by 1, 2

),

days as (

    select
        received_date,
        collector
    from landed_files
    union
    select
        received_date,
        collector
    from counted

),

final as (

    select
        days.received_date,
        days.collector,
        cast(coalesce(landed_files.landed_files, 0) as bigint) as landed_files,
        cast(coalesce(landed_files.read_files, 0) as bigint) as read_files,
        cast(coalesce(landed_files.quarantined_files, 0) as bigint) as quarantined_files,
        cast(coalesce(landed_files.skipped_files, 0) as bigint) as skipped_files,
        cast(coalesce(landed_files.rows_in_files, 0) as bigint) as rows_in_files,
        cast(coalesce(counted.landed_rows, 0) as bigint) as landed_rows,
        cast(coalesce(counted.clean_events, 0) as bigint) as clean_events,
        cast(coalesce(counted.duplicate_rows, 0) as bigint) as duplicate_rows,
        cast(coalesce(counted.quarantined_rows, 0) as bigint) as quarantined_rows,
        cast(coalesce(counted.late_arrival_rows, 0) as bigint) as late_arrival_rows,
        cast(coalesce(counted.clock_skew_rows, 0) as bigint) as clock_skew_rows,
        cast(coalesce(counted.missing_required_rows, 0) as bigint) as missing_required_rows,
        cast(
            coalesce(counted.unparseable_timestamp_rows, 0) as bigint
        ) as unparseable_timestamp_rows,
        cast(coalesce(counted.broken_line_rows, 0) as bigint) as broken_line_rows,
        cast(coalesce(counted.bad_properties_rows, 0) as bigint) as bad_properties_rows,
        coalesce(landed_files.rows_in_files, 0) = coalesce(counted.landed_rows, 0)
        and coalesce(counted.landed_rows, 0) = coalesce(counted.clean_events, 0)
        + coalesce(counted.duplicate_rows, 0) + coalesce(counted.quarantined_rows, 0)
            as is_balanced
    from days
    left join landed_files
        on days.received_date = landed_files.received_date
            and days.collector = landed_files.collector
    left join counted
        on days.received_date = counted.received_date
            and days.collector = counted.collector

)

select * from final
