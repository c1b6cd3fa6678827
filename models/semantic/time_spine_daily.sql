{#-
    One row per day from var time_spine_start_date to var time_spine_end_date: MetricFlow's
    daily time spine (metric_time, and the days a cumulative metric or a join to days fills).
    Plain SQL: the day numbers are a cross join of four tables of digits (at most 10,000 days).
-#}

{%- set start_date = var('time_spine_start_date') -%}
{%- set days = (
    modules.datetime.date.fromisoformat(var('time_spine_end_date'))
    - modules.datetime.date.fromisoformat(start_date)
).days -%}
{%- if days < 0 or days >= 10000 -%}
    {{ exceptions.raise_compiler_error(
        'time_spine_end_date must be on or after time_spine_start_date, within 10,000 days'
    ) }}
{%- endif %}

with digits as (

    {% for digit in range(10) -%}
        select {{ digit }} as digit
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

day_numbers as (

    select
        units.digit
        + 10 * tens.digit
        + 100 * hundreds.digit
        + 1000 * thousands.digit as day_number
    from digits as units
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands

),

final as (

    select
        cast(
            {{ dbt.dateadd('day', 'day_number', "cast('" ~ start_date ~ "' as date)") }} as date
        ) as date_day
    from day_numbers
    where day_number <= {{ days }}

)

select * from final
