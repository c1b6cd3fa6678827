{#- One row per quarantined landed row: the raw columns as landed (text) plus the reason. -#}

with landed_events as (

    select
        landed_rows.*,
        classified.quarantine_reason
    from {{ ref('stg_landing__landed_events') }} as classified
    inner join {{ ref('stg_landing__landed_rows') }} as landed_rows
        on
            classified.received_date = landed_rows.received_date
            and classified.landed_row_number = landed_rows.landed_row_number
    where classified.landed_status = 'quarantined'

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
