{#- The columns of a landed spend file (README, "Use your own data"); currency is optional. -#}
{% macro landed_spend_columns() %}
    {{ return(['spend_date', 'channel', 'campaign', 'spend', 'currency']) }}
{% endmacro %}
