{#-
    Generic test: within each group of rows sharing `group_by`, the column sums to 1 (within
    `tolerance`, for floating-point sums). Returns the groups that do not.
-#}
{% test sums_to_one(model, column_name, group_by, tolerance=1e-9) %}
    select
        {{ group_by | join(', ') }},
        sum({{ column_name }}) as total
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having abs(sum({{ column_name }}) - 1.0) > {{ tolerance }}
{% endtest %}
