{#- True when the text `pattern` is a valid regular expression, false when it does not compile. -#}
{% macro regex_compiles(pattern) %}
    {{ return(adapter.dispatch('regex_compiles', 'conversion_warehouse')(pattern)) }}
{% endmacro %}

{% macro default__regex_compiles(pattern) %}
    {{ exceptions.raise_compiler_error(
        'regex_compiles has no implementation for adapter ' ~ adapter.type()
    ) }}
{% endmacro %}

{% macro duckdb__regex_compiles(pattern) %}
    (try(regexp_matches('', {{ pattern }})) is not null)
{% endmacro %}

{#- Spark: java.util.regex.Pattern.matches throws on a bad pattern, and try_reflect makes that null. -#}
{% macro spark__regex_compiles(pattern) %}
    (try_reflect('java.util.regex.Pattern', 'matches', {{ pattern }}, '') is not null)
{% endmacro %}
