{#-
    CTEs ending in one named `name`: one row per group of `relation` (the columns `group_by`),
    with the group's row count as `count_as` and, for each `column: fraction` of `percentiles`,
    the continuous percentile of `value` (linear interpolation between the two nearest ranks, as
    DuckDB `quantile_cont` and Spark `percentile`; nulls ignored; null without values).

    Not an aggregate on purpose: engines keep every value of a percentile aggregate's group in
    memory outside their buffer manager (at 100 million events DuckDB's `quantile_cont` held
    1.2 GiB beyond its memory limit in `rpt_funnel_daily`). Here the values are ranked by a
    window, which sorts and spills like any other, and only the rows at the wanted ranks are
    kept. Groups are numbered first, so the window sorts numbers, not the group's text keys.
    Equal values are counted first and ranked once (a value held by n rows takes n positions):
    funnel seconds repeat, so the window sorts a quarter of the rows.
-#}
{% macro compute_percentiles(name, relation, group_by, value, percentiles, count_as) %}
{%- set fractions = percentiles.items() | list -%}
{{ name }}__groups as (

    select
        {%- for column in group_by %}
        {{ column }},
        {%- endfor %}
        {%- for column, fraction in fractions %}
        cast(floor((count({{ value }}) - 1) * {{ fraction }}) as bigint) as {{ column }}__lower,
        cast(ceil((count({{ value }}) - 1) * {{ fraction }}) as bigint) as {{ column }}__upper,
        cast(
            (count({{ value }}) - 1) * {{ fraction }} - floor((count({{ value }}) - 1) * {{ fraction }})
            as double
        ) as {{ column }}__weight,
        {%- endfor %}
        count(*) as {{ count_as }},
        row_number() over (order by {{ group_by | join(', ') }}) as group_number
    from {{ relation }}
    group by {{ group_by | join(', ') }}

),

{{ name }}__values as (

    select
        {%- for column in group_by %}
        {{ column }},
        {%- endfor %}
        {{ value }} as ranked_value,
        count(*) as value_rows
    from {{ relation }}
    where {{ value }} is not null
    group by
        {%- for column in group_by %}
        {{ column }},
        {%- endfor %}
        {{ value }}

),

{# A value's rows take the positions rows_through - value_rows .. rows_through - 1 (from 0). #}
{{ name }}__ranked as (

    select
        groups.group_number,
        {%- for column, fraction in fractions %}
        groups.{{ column }}__lower,
        groups.{{ column }}__upper,
        {%- endfor %}
        value_counts.ranked_value,
        value_counts.value_rows,
        sum(value_counts.value_rows) over (
            partition by groups.group_number
            order by value_counts.ranked_value
            rows between unbounded preceding and current row
        ) as rows_through
    from {{ name }}__values as value_counts
    inner join {{ name }}__groups as groups
        on
        {%- for column in group_by %}
            {% if not loop.first %}and {% endif -%}
            value_counts.{{ column }} is not distinct from groups.{{ column }}
        {%- endfor %}

),

{{ name }}__picked as (

    select
        group_number,
        {%- for column, fraction in fractions %}
        max(
            case
                when {{ column }}__lower between rows_through - value_rows and rows_through - 1
                    then ranked_value
            end
        ) as {{ column }}__lower_value,
        max(
            case
                when {{ column }}__upper between rows_through - value_rows and rows_through - 1
                    then ranked_value
            end
        ) as {{ column }}__upper_value{{ "," if not loop.last }}
        {%- endfor %}
    from {{ name }}__ranked
    where
        {%- for column, fraction in fractions %}
        {% if not loop.first %}or {% endif -%}
        {{ column }}__lower between rows_through - value_rows and rows_through - 1
        or {{ column }}__upper between rows_through - value_rows and rows_through - 1
        {%- endfor %}
    group by group_number

),

{{ name }} as (

    select
        {%- for column in group_by %}
        groups.{{ column }},
        {%- endfor %}
        groups.{{ count_as }},
        {%- for column, fraction in fractions %}
        picked.{{ column }}__lower_value
        + (picked.{{ column }}__upper_value - picked.{{ column }}__lower_value)
        * groups.{{ column }}__weight as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ name }}__groups as groups
    left join {{ name }}__picked as picked
        on groups.group_number = picked.group_number

)
{%- endmacro %}
