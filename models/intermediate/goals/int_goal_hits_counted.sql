{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}",
) }}

{#-
    One row per goal hit after the goal's counting rule and with its value: once_per_session
    keeps a session's first hit of the goal; every_event keeps every hit, but only the first
    per properties.order_id when the event has one (a reloaded thank-you page is one order).
    A value read from an event property must be a finite decimal number >= 0 in var
    reporting_currency or in a currency the seed exchange_rates converts on the hit's reporting
    date; otherwise the hit still counts, with no value and value_problem saying why
    (missing_value, value_not_a_number, value_not_finite, negative_value, unparseable_currency,
    no_exchange_rate), so that no sum can become NaN or infinite.
-#}

{#- Speed: the counting windows run on narrow columns (a window carries all it sorts); the
    properties and the goal's columns join back to the kept hits. -#}
with matched as (

    select
        goal_id,
        event_id,
        session_id,
        anonymous_id,
        hit_at,
        properties
    from {{ ref('int_goal_hits_matched') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}

),

goals as (

    select
        goal_id,
        goal_name,
        tier,
        micro_type,
        value_rule,
        value,
        value_property,
        counting
    from {{ ref('int_goals_validated') }}

),

hit_keys as (

    select
        goal_id,
        event_id,
        session_id,
        hit_at,
        {{ json_extract_text('properties', "'order_id'") }} as order_id
    from {{ ref('int_goal_hits_matched') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}

),

ranked as (

    select
        hit_keys.goal_id,
        hit_keys.event_id,
        hit_keys.order_id,
        goals.counting,
        row_number() over (
            partition by hit_keys.goal_id, hit_keys.session_id
            order by hit_keys.hit_at, hit_keys.event_id
        ) as session_hit_number,
        row_number() over (
            partition by hit_keys.goal_id, coalesce(hit_keys.order_id, hit_keys.event_id)
            order by hit_keys.hit_at, hit_keys.event_id
        ) as order_hit_number
    from hit_keys
    inner join goals
        on hit_keys.goal_id = goals.goal_id

),

counted as (

    select
        goal_id,
        event_id,
        order_id
    from ranked
    where
        (counting = 'once_per_session' and session_hit_number = 1)
        or (counting = 'every_event' and order_hit_number = 1)

),

rates as (

    select
        from_currency,
        valid_from,
        valid_until,
        rate
    from {{ ref('int_exchange_rates_validated') }}

),

hits as (

    select
        counted.goal_id,
        goals.goal_name,
        goals.tier,
        goals.micro_type,
        counted.event_id,
        matched.session_id,
        matched.anonymous_id,
        matched.hit_at,
        counted.order_id,
        goals.value_rule,
        goals.value as fixed_value,
        case
            when goals.value_rule = 'event_property'
                then {{ json_extract_text('matched.properties', 'goals.value_property') }}
        end as value_text,
        case
            when goals.value_rule = 'event_property'
                then {{ json_extract_text('matched.properties', "'currency'") }}
        end as currency_text
    from counted
    inner join matched
        on counted.goal_id = matched.goal_id and counted.event_id = matched.event_id
    inner join goals
        on counted.goal_id = goals.goal_id

),

{# An event property value: a finite decimal number >= 0 (else a value problem), in the
    event's currency (properties.currency; none: the reporting currency). #}
parsed as (

    select
        goal_id,
        goal_name,
        tier,
        micro_type,
        event_id,
        session_id,
        anonymous_id,
        hit_at,
        order_id,
        value_rule,
        fixed_value,
        value_text,
        currency_text,
        {{ parse_number_text('value_text') }} as property_value,
        {{ check_number_text('value_text', 'value') }} as property_value_problem,
        coalesce(
            {{ parse_currency_code('currency_text') }},
            case when currency_text is null then '{{ var("reporting_currency") }}' end
        ) as value_currency
    from hits

),

converted as (

    select
        parsed.goal_id,
        parsed.goal_name,
        parsed.tier,
        parsed.micro_type,
        parsed.event_id,
        parsed.session_id,
        parsed.anonymous_id,
        parsed.hit_at,
        parsed.order_id,
        parsed.value_rule,
        parsed.fixed_value,
        parsed.value_text,
        parsed.currency_text,
        parsed.value_currency,
        {{ in_reporting_currency('parsed.property_value', 'parsed.value_currency', 'rates') }}
            as property_value,
        case
            when parsed.property_value_problem is not null then parsed.property_value_problem
            when parsed.value_currency is null then 'unparseable_currency'
            when
                parsed.value_currency != '{{ var("reporting_currency") }}'
                and rates.rate is null
                then 'no_exchange_rate'
        end as property_value_problem
    from parsed
    left join rates
        on
            parsed.value_rule = 'event_property'
            and {{ exchange_rate_valid_on(
                'rates', 'parsed.value_currency', to_reporting_date('parsed.hit_at')
            ) }}

),

final as (

    select
        {{ dbt.hash(dbt.concat(['goal_id', "'|'", 'event_id'])) }} as goal_hit_id,
        goal_id,
        goal_name,
        tier,
        micro_type,
        event_id,
        session_id,
        anonymous_id,
        hit_at,
        order_id,
        cast(
            case
                when value_rule = 'fixed' then fixed_value
                when property_value_problem is null then property_value
            end as double
        ) as value,
        case when value_rule = 'event_property' then property_value_problem end as value_problem,
        value_text,
        currency_text
    from converted

)

select * from final
