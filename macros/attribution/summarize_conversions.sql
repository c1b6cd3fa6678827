{#-
    The body of a conversion report: rows of `relation` (one per conversion, with columns
    goal_id, conversion_value and `dimensions`) grouped by goal_id and `dimensions`, with
    conversions, their value and the share of the goal's conversions.
-#}
{% macro summarize_conversions(relation, dimensions) %}
    select
        goal_id,
        {% for dimension in dimensions -%}
            {{ dimension }},
        {% endfor -%}
        cast(count(*) as bigint) as conversions,
        cast(sum(conversion_value) as double) as conversion_value,
        cast(count(*) as double) / sum(count(*)) over (partition by goal_id)
            as share_of_conversions
    from {{ relation }}
    group by goal_id, {{ dimensions | join(', ') }}
{% endmacro %}
