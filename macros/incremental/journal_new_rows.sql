{#-
    The select of a batch journal (an incremental model with the append strategy): the rows of
    the CTE `cte` whose `key` the journal does not hold yet, so that keys kept from a run that
    did not finish stay once. Every row on a build that is not incremental.
-#}
{% macro journal_new_rows(cte, key) %}
    select {{ cte }}.{{ key }}
    from {{ cte }}
    {%- if is_incremental() %}
        left join {{ this }} as journal
            on {{ cte }}.{{ key }} = journal.{{ key }}
        where journal.{{ key }} is null
    {%- endif %}
{% endmacro %}
