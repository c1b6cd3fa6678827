{#-
    A condition on a received date: is the row's received day processed by this run? An
    incremental run processes the received days var period_start_date .. period_end_date, or
    the environment variables CW_PERIOD_START_DATE .. CW_PERIOD_END_DATE (both inclusive; every
    day when neither is set; dbt unit tests take every row). A full build (first run,
    --full-refresh, or `always_window=false` outside an incremental model) takes every day up
    to period_end_date.
-#}
{% macro received_in_batch(received_date, always_window=false) %}
    {%- set start, end = batch_window() -%}
    {%- if model.resource_type == 'unit_test' -%}
        true
    {%- elif (always_window or is_incremental()) and (start or end) -%}
        {{ received_date }} between cast('{{ start or end }}' as date)
            and cast('{{ end or start }}' as date)
    {%- elif end and not always_window -%}
        {{ received_date }} <= cast('{{ end }}' as date)
    {%- else -%}
        true
    {%- endif -%}
{% endmacro %}

{#-
    The received-day window of this run as [start, end] (ISO date texts, '' where unset). The
    orchestrator passes it as environment variables: a changed --vars would make dbt parse the
    whole project again on every run.
-#}
{% macro batch_window() %}
    {{ return([
        var('period_start_date') or env_var('CW_PERIOD_START_DATE', ''),
        var('period_end_date') or env_var('CW_PERIOD_END_DATE', ''),
    ]) }}
{% endmacro %}
