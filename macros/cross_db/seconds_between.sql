{#- Seconds (with microsecond precision, as a double) from timestamp `start_at` to `end_at`. -#}
{% macro seconds_between(start_at, end_at) -%}
    (({{ epoch_microseconds(end_at) }} - {{ epoch_microseconds(start_at) }}) / 1000000.0)
{%- endmacro %}
