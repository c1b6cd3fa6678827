{#-
    One row per received day: landed rows against clean events, duplicates and quarantined rows
    (by reason); is_balanced holds when landed = clean + duplicates + quarantined.
-#}

with landed_events as (

    select
        received_date,
        landed_status,
        quarantine_reason
    from {{ ref('stg_landing__landed_events') }}

),

counted as (

    select
        received_date,
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
            case when quarantine_reason like 'unparseable_%' then 1 else 0 end
        ) as unparseable_timestamp_rows,
        sum(
            case when quarantine_reason = 'properties_not_json_object' then 1 else 0 end
        ) as bad_properties_rows
    from landed_events
    group by 1

),

final as (

    select
        received_date,
        cast(landed_rows as bigint) as landed_rows,
        cast(clean_events as bigint) as clean_events,
        cast(duplicate_rows as bigint) as duplicate_rows,
        cast(quarantined_rows as bigint) as quarantined_rows,
        cast(late_arrival_rows as bigint) as late_arrival_rows,
        cast(clock_skew_rows as bigint) as clock_skew_rows,
        cast(missing_required_rows as bigint) as missing_required_rows,
        cast(unparseable_timestamp_rows as bigint) as unparseable_timestamp_rows,
        cast(bad_properties_rows as bigint) as bad_properties_rows,
        landed_rows = clean_events + duplicate_rows + quarantined_rows as is_balanced
    from counted

)

select * from final
