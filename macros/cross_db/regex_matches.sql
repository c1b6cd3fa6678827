{#- True when `expression` matches the regular expression `pattern`, case-insensitively. -#}
{% macro regex_matches(expression, pattern) %}
    {{ return(adapter.dispatch('regex_matches', 'conversion_warehouse')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_matches(expression, pattern) %}
    ({{ expression }} rlike concat('(?i)', {{ pattern }}))
{% endmacro %}

{% macro duckdb__regex_matches(expression, pattern) %}
    regexp_matches({{ expression }}, '(?i)' || ({{ pattern }}))
{% endmacro %}
