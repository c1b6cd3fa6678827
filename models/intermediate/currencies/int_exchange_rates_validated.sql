{#-
    One row per currency x valid_from of the seed exchange_rates that converts into var
    reporting_currency: the rate (units of the reporting currency per unit of from_currency),
    valid from valid_from until the currency's next valid_from (valid_until, exclusive; null
    while no later rate exists). The seed is configuration: a row that cannot be used (a
    currency that is not three upper-case letters, no valid_from, a rate that is not a finite
    number > 0, a currency converted into itself, two rates for one pair and day) or a var
    reporting_currency that is not three upper-case letters fails the build, naming each.
-#}

{%- set reporting_currency = var('reporting_currency') -%}

with rates as (

    select
        from_currency,
        to_currency,
        valid_from,
        rate,
        count(*) over (partition by from_currency, to_currency, valid_from) as rate_count
    from {{ ref('exchange_rates') }}

),

rate_problems as (

    select
        {{ dbt.concat([
            "coalesce(from_currency, '(empty)')",
            "' to '",
            "coalesce(to_currency, '(empty)')",
            "' from '",
            "coalesce(cast(valid_from as " ~ dbt.type_string() ~ "), '(empty)')",
        ]) }} as exchange_rate_id,
        case
            when
                not coalesce({{ regex_matches(
                    'from_currency', "'^[A-Z]{3}$'", case_insensitive=false
                ) }}, false)
                or not coalesce({{ regex_matches(
                    'to_currency', "'^[A-Z]{3}$'", case_insensitive=false
                ) }}, false)
                then 'a currency is not three upper-case letters (ISO 4217)'
            when from_currency = to_currency then 'converts a currency into itself'
            when valid_from is null then 'valid_from is empty'
            when not coalesce(rate > 0 and rate <= 1.7976931348623157e308, false)
                then 'rate is not a finite number > 0'
            when rate_count > 1 then 'two rates for the same currencies and day'
        end as problem
    from rates

),

problems as (

    select
        exchange_rate_id,
        problem
    from rate_problems
    where problem is not null

    union all

    select
        'var reporting_currency' as exchange_rate_id,
        'is not three upper-case letters (ISO 4217): {{ reporting_currency }}' as problem
    where not {{ regex_matches(
        "'" ~ reporting_currency ~ "'", "'^[A-Z]{3}$'", case_insensitive=false
    ) }}

),

problem_summary as (

    {{ summarize_problems('problems', 'exchange_rate') }}

),

final as (

    select
        rates.from_currency,
        rates.valid_from,
        lead(rates.valid_from) over (
            partition by rates.from_currency
            order by rates.valid_from
        ) as valid_until,
        cast(rates.rate as double) as rate
    from rates
    cross join problem_summary
    where
        rates.to_currency = '{{ reporting_currency }}'
        and {{ problems_are_absent('problem_summary', 'The exchange_rates seed is invalid: ') }}

)

select * from final
