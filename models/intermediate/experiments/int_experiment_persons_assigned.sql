{#-
    One row per experiment x person exposed in a non-bot session: the variant of the person's
    first exposure (var experiment_exposure_event, the experiment and variant read from the
    properties named by vars experiment_id_property and experiment_variant_property), when and
    in which session it happened, and how many distinct variants of the experiment the person
    saw. A person who saw two or more (is_in_several_variants) keeps the first one here but is
    left out of every comparison (rpt_experiments counts them apart). Exposures in bot sessions,
    and exposure events without an experiment or a variant, are ignored.
-#}

{%- set exposure_event = dbt.escape_single_quotes(var('experiment_exposure_event')) -%}
{%- set experiment_key = dbt.escape_single_quotes(var('experiment_id_property')) -%}
{%- set variant_key = dbt.escape_single_quotes(var('experiment_variant_property')) -%}

with sessions as (

    select
        session_id,
        person_id
    from {{ ref('fct_sessions') }}
    where not is_bot

),

exposure_events as (

    select
        event_id,
        session_id,
        event_at,
        {{ json_extract_text('properties', "'" ~ experiment_key ~ "'") }}
            as experiment_id,
        {{ json_extract_text('properties', "'" ~ variant_key ~ "'") }}
            as variant_id
    from {{ ref('int_events_sessionized') }}
    where event_name = '{{ exposure_event }}'

),

exposures as (

    select
        exposure_events.experiment_id,
        exposure_events.variant_id,
        exposure_events.event_id,
        exposure_events.event_at,
        exposure_events.session_id,
        sessions.person_id
    from exposure_events
    inner join sessions
        on exposure_events.session_id = sessions.session_id
    where
        exposure_events.experiment_id is not null
        and exposure_events.variant_id is not null

),

ranked as (

    select
        experiment_id,
        person_id,
        variant_id,
        event_at,
        session_id,
        row_number() over (
            partition by experiment_id, person_id order by event_at, event_id
        ) as exposure_rank
    from exposures

),

variants_seen as (

    select
        experiment_id,
        person_id,
        count(distinct variant_id) as variants_seen,
        count(*) as exposures
    from exposures
    group by 1, 2

),

final as (

    select
        ranked.experiment_id,
        ranked.person_id,
        ranked.variant_id,
        ranked.event_at as first_exposed_at,
        ranked.session_id as first_exposure_session_id,
        cast(variants_seen.variants_seen as bigint) as variants_seen,
        cast(variants_seen.exposures as bigint) as exposures,
        variants_seen.variants_seen > 1 as is_in_several_variants
    from ranked
    inner join variants_seen
        on
            ranked.experiment_id = variants_seen.experiment_id
            and ranked.person_id = variants_seen.person_id
    where ranked.exposure_rank = 1

)

select * from final
