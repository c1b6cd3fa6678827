{#- One row per quarantined landed row: the raw columns as landed (text) plus the reason. -#}

with landed_events as (

    select * from {{ landed_rows_classified_as('quarantined') }} as quarantined

),

final as (

    select
        {% for column in landing_columns() %}
            {%- if column in ('event_at', 'received_at') %}
                {{ column }}_text as {{ column }},
            {%- else %}
                {{ column }},
            {%- endif %}
        {%- endfor %}
        received_date,
        landed_file,
        landed_line,
        landed_record,
        collector,
        quarantine_reason as reason
    from landed_events

)

select * from final
