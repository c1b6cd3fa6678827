{#-
    One row per entry date x funnel x step x breakdown dimension (channel, campaign,
    device_category, country) x breakdown value: the funnel broken down by the values its
    journeys take under the funnel's breakdown_attribution (fct_funnel_steps.breakdown_*:
    first_touch, last_touch or a given step, as PostHog's funnel breakdowns). A journey takes one
    value per dimension for all its steps, so in a closed funnel reached never grows from one
    step to the next within a value. Journeys excluded by a funnel exclusion are counted apart:
    entrants = counted_entrants + excluded_entrants; the other figures count the counted
    journeys only.
-#}

{%- set dimensions = ['channel', 'campaign', 'device_category', 'country'] -%}

with steps as {{ inline_cte() }} (

    select
        funnel_id,
        journey_id,
        step_number,
        entry_date,
        is_excluded,
        breakdown_attribution,
        breakdown_channel,
        breakdown_campaign,
        breakdown_device_category,
        breakdown_country
    from {{ ref('fct_funnel_steps') }}

),

funnel_steps as (

    select
        funnel_id,
        funnel_name,
        step_number,
        step_name,
        step_count
    from {{ ref('int_funnels_validated') }}

),

journeys as (

    select distinct
        funnel_id,
        journey_id,
        entry_date,
        is_excluded,
        breakdown_attribution,
        breakdown_channel,
        breakdown_campaign,
        breakdown_device_category,
        breakdown_country
    from steps

),

{# Speed: journeys and steps are first counted per entry date and breakdown values (a few
    thousand groups); the dimensions unpivot those counts, not every journey and step row. A
    journey has one value per dimension for all its steps, so a step row's values are its
    journey's. #}
journey_groups as (

    select
        funnel_id,
        entry_date,
        breakdown_attribution,
        breakdown_channel,
        breakdown_campaign,
        breakdown_device_category,
        breakdown_country,
        count(*) as entrants,
        sum(case when is_excluded then 1 else 0 end) as excluded_entrants
    from journeys
    group by 1, 2, 3, 4, 5, 6, 7

),

step_groups as (

    select
        funnel_id,
        entry_date,
        step_number,
        breakdown_channel,
        breakdown_campaign,
        breakdown_device_category,
        breakdown_country,
        count(*) as reached
    from steps
    where not is_excluded
    group by 1, 2, 3, 4, 5, 6, 7

),

entrants as (

    {%- for dimension in dimensions %}
        select
            funnel_id,
            entry_date,
            breakdown_attribution,
            '{{ dimension }}' as breakdown_dimension,
            breakdown_{{ dimension }} as breakdown_value,
            sum(entrants) as entrants,
            sum(excluded_entrants) as excluded_entrants
        from journey_groups
        group by 1, 2, 3, 4, 5
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

reached as (

    {%- for dimension in dimensions %}
        select
            funnel_id,
            entry_date,
            '{{ dimension }}' as breakdown_dimension,
            breakdown_{{ dimension }} as breakdown_value,
            step_number,
            sum(reached) as reached
        from step_groups
        group by 1, 2, 3, 4, 5
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

grid as (

    select
        entrants.entry_date,
        entrants.funnel_id,
        funnel_steps.funnel_name,
        funnel_steps.step_number,
        funnel_steps.step_name,
        funnel_steps.step_number = funnel_steps.step_count as is_last_step,
        entrants.breakdown_attribution,
        entrants.breakdown_dimension,
        entrants.breakdown_value,
        entrants.entrants,
        entrants.excluded_entrants,
        entrants.entrants - entrants.excluded_entrants as counted_entrants,
        coalesce(reached.reached, 0) as reached
    from entrants
    inner join funnel_steps
        on entrants.funnel_id = funnel_steps.funnel_id
    left join reached
        on
            entrants.funnel_id = reached.funnel_id
            and entrants.entry_date = reached.entry_date
            and entrants.breakdown_dimension = reached.breakdown_dimension
            and entrants.breakdown_value = reached.breakdown_value
            and funnel_steps.step_number = reached.step_number

),

with_previous as (

    select
        *,
        coalesce(
            lag(reached) over (
                partition by funnel_id, entry_date, breakdown_dimension, breakdown_value
                order by step_number
            ),
            counted_entrants
        ) as previous_reached
    from grid

),

final as (

    select
        entry_date,
        funnel_id,
        funnel_name,
        cast(step_number as integer) as step_number,
        step_name,
        is_last_step,
        breakdown_attribution,
        breakdown_dimension,
        breakdown_value,
        {{ funnel_step_counts() }}
    from with_previous

)

select * from final
