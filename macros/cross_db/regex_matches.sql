{#-
    True when `expression` matches the regular expression `pattern` (both SQL expressions);
    case-insensitively unless `case_insensitive` is false.
-#}
{% macro regex_matches(expression, pattern, case_insensitive=true) %}
    {{ return(adapter.dispatch('regex_matches', 'conversion_warehouse')(
        expression, "'(?i)' || (" ~ pattern ~ ")" if case_insensitive else pattern
    )) }}
{% endmacro %}

{% macro default__regex_matches(expression, pattern) %}
    ({{ expression }} rlike {{ pattern }})
{% endmacro %}

{% macro duckdb__regex_matches(expression, pattern) %}
    regexp_matches({{ expression }}, {{ pattern }})
{% endmacro %}
