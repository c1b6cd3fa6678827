{#-
    One row per experiment x variant x scope (person, session) x goal: the variant's units and
    converters after first exposure, conversion rate and value per unit; against the control
    variant (seed experiment_variants): absolute and relative lift of the rate with a confidence
    interval (Wald, unpooled) and a two-sided p-value (two-proportion z-test, pooled), and the
    difference of value per unit with Welch's interval and p-value; and per experiment the
    sample-ratio-mismatch check: a chi-square test of the exposed persons per variant against
    the intended split, which marks the experiment broken below var experiment_srm_max_p_value.
    Method and error bounds of the approximations: docs/experiments.md.
-#}

{#- a double, so that Spark computes the quantile in doubles, not in decimal literals -#}
{%- set tail_probability = (
    'cast(0.5 + ' ~ var('experiment_confidence_level') ~ ' / 2.0 as double)'
) -%}
{%- set t_critical_value = student_t_quantile(
    'critical_value.normal_critical_value', 'tested.value_degrees_of_freedom'
) -%}

with critical_value as (

    select {{ normal_quantile(tail_probability) }} as normal_critical_value

),

unit_counts as (

    select
        experiment_id,
        variant_id,
        scope,
        goal_id,
        goal_name,
        tier,
        units,
        converted_units,
        goal_value,
        goal_value_squares
    from {{ ref('int_experiment_units_counted') }}

),

assigned as (

    select
        experiment_id,
        is_in_several_variants
    from {{ ref('int_experiment_persons_assigned') }}

),

configured_variants as (

    select
        experiment_id,
        variant_id,
        is_control,
        intended_share
    from {{ ref('experiment_variants') }}

),

several_variants as (

    select
        experiment_id,
        sum(case when is_in_several_variants then 1 else 0 end) as persons_in_several_variants
    from assigned
    group by 1

),

persons as (

    select distinct
        experiment_id,
        variant_id,
        units as exposed_persons
    from unit_counts
    where scope = 'person'

),

{# Every configured variant of an exposed experiment, served or not (a variant never served is
   a mismatch too); the intended shares are normalised to sum to 1. #}
split as (

    select
        configured_variants.experiment_id,
        configured_variants.variant_id,
        coalesce(persons.exposed_persons, 0) as observed_persons,
        configured_variants.intended_share / sum(configured_variants.intended_share)
            over (partition by configured_variants.experiment_id) as intended_fraction,
        sum(coalesce(persons.exposed_persons, 0))
            over (partition by configured_variants.experiment_id) as configured_persons
    from configured_variants
    left join persons
        on
            configured_variants.experiment_id = persons.experiment_id
            and configured_variants.variant_id = persons.variant_id

),

split_expected as (

    select
        *,
        configured_persons * intended_fraction as expected_persons
    from split

),

sample_ratio as (

    select
        experiment_id,
        sum(
            (observed_persons - expected_persons) * (observed_persons - expected_persons)
            / expected_persons
        ) as srm_chi_square,
        count(*) - 1 as srm_degrees_of_freedom
    from split_expected
    where configured_persons > 0
    group by 1

),

sample_ratio_tested as (

    select
        experiment_id,
        srm_chi_square,
        {{ chi_square_upper_tail('srm_chi_square', 'srm_degrees_of_freedom') }} as srm_p_value
    from sample_ratio

),

variants as (

    select
        unit_counts.*,
        configured_variants.is_control,
        configured_variants.intended_share,
        cast(unit_counts.goal_value as double) / unit_counts.units as value_per_unit,
        cast(unit_counts.converted_units as double) / unit_counts.units as conversion_rate,
        {# the sample variance of the units' values (zero for units without a hit) #}
        case
            when unit_counts.units > 1
                then greatest(
                        0.0,
                        (
                            unit_counts.goal_value_squares
                            - unit_counts.goal_value * unit_counts.goal_value / unit_counts.units
                        ) / (unit_counts.units - 1)
                    )
        end as value_variance
    from unit_counts
    left join configured_variants
        on
            unit_counts.experiment_id = configured_variants.experiment_id
            and unit_counts.variant_id = configured_variants.variant_id

),

control as (

    select
        experiment_id,
        scope,
        goal_id,
        units as control_units,
        converted_units as control_converted_units,
        conversion_rate as control_conversion_rate,
        value_per_unit as control_value_per_unit,
        value_variance as control_value_variance
    from variants
    where is_control

),

compared as (

    select
        variants.*,
        control.control_units,
        control.control_converted_units,
        control.control_conversion_rate,
        control.control_value_per_unit,
        control.control_value_variance,
        cast(variants.converted_units + control.control_converted_units as double)
        / (variants.units + control.control_units) as pooled_rate,
        sqrt(
            variants.conversion_rate * (1.0 - variants.conversion_rate) / variants.units
            + control.control_conversion_rate * (1.0 - control.control_conversion_rate)
            / control.control_units
        ) as rate_difference_error,
        variants.value_variance / variants.units as value_mean_variance,
        control.control_value_variance / control.control_units as control_value_mean_variance
    from variants
    left join control
        on
            variants.experiment_id = control.experiment_id
            and variants.scope = control.scope
            and variants.goal_id = control.goal_id
            and not variants.is_control

),

tested as (

    select
        *,
        conversion_rate - control_conversion_rate as absolute_lift,
        case
            when control_conversion_rate > 0
                then (conversion_rate - control_conversion_rate) / control_conversion_rate
        end as relative_lift,
        case
            when pooled_rate > 0 and pooled_rate < 1
                then (conversion_rate - control_conversion_rate) / sqrt(
                        pooled_rate * (1.0 - pooled_rate) * (1.0 / units + 1.0 / control_units)
                    )
        end as z_score,
        value_per_unit - control_value_per_unit as value_difference,
        sqrt(value_mean_variance + control_value_mean_variance) as value_difference_error,
        {# Welch-Satterthwaite degrees of freedom #}
        case
            when value_mean_variance + control_value_mean_variance > 0
                then (value_mean_variance + control_value_mean_variance)
                    * (value_mean_variance + control_value_mean_variance)
                    / (
                        value_mean_variance * value_mean_variance / (units - 1)
                        + control_value_mean_variance * control_value_mean_variance
                        / (control_units - 1)
                    )
        end as value_degrees_of_freedom
    from compared

),

final as (

    select
        tested.experiment_id,
        tested.variant_id,
        coalesce(tested.is_control, false) as is_control,
        tested.intended_share,
        tested.scope,
        tested.goal_id,
        tested.goal_name,
        tested.tier,
        cast(persons.exposed_persons as bigint) as exposed_persons,
        cast(tested.units as bigint) as units,
        cast(tested.converted_units as bigint) as converted_units,
        tested.conversion_rate,
        cast(tested.goal_value as double) as goal_value,
        tested.value_per_unit,
        tested.control_conversion_rate,
        tested.absolute_lift,
        tested.relative_lift,
        tested.absolute_lift
        - critical_value.normal_critical_value * tested.rate_difference_error
            as absolute_lift_ci_lower,
        tested.absolute_lift
        + critical_value.normal_critical_value * tested.rate_difference_error
            as absolute_lift_ci_upper,
        case
            when tested.z_score is not null
                then 2.0 * {{ normal_upper_tail('abs(tested.z_score)') }}
        end as p_value,
        tested.control_value_per_unit,
        tested.value_difference,
        case
            when tested.control_value_per_unit > 0
                then tested.value_difference / tested.control_value_per_unit
        end as value_relative_lift,
        tested.value_difference
        - {{ t_critical_value }} * tested.value_difference_error as value_difference_ci_lower,
        tested.value_difference
        + {{ t_critical_value }} * tested.value_difference_error as value_difference_ci_upper,
        case
            when tested.value_degrees_of_freedom is not null
                then 2.0 * {{ student_t_upper_tail(
                    'abs(tested.value_difference) / tested.value_difference_error',
                    'tested.value_degrees_of_freedom'
                ) }}
        end as value_p_value,
        tested.value_degrees_of_freedom,
        cast(coalesce(several_variants.persons_in_several_variants, 0) as bigint)
            as persons_in_several_variants,
        split_expected.expected_persons,
        sample_ratio_tested.srm_chi_square,
        sample_ratio_tested.srm_p_value,
        coalesce(
            sample_ratio_tested.srm_p_value < {{ var('experiment_srm_max_p_value') }}, false
        ) as has_sample_ratio_mismatch
    from tested
    cross join critical_value
    inner join persons
        on
            tested.experiment_id = persons.experiment_id
            and tested.variant_id = persons.variant_id
    left join several_variants
        on tested.experiment_id = several_variants.experiment_id
    left join split_expected
        on
            tested.experiment_id = split_expected.experiment_id
            and tested.variant_id = split_expected.variant_id
    left join sample_ratio_tested
        on tested.experiment_id = sample_ratio_tested.experiment_id

)

select * from final
