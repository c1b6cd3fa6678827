{#-
    Overrides dbt-spark's escape_single_quotes, which escapes only the quote: Spark literals also
    unescape backslashes ('\(' reads as '('), so a unit-test fixture value holding a regular
    expression such as ^\(direct\)$ lost its backslashes. Both are escaped here.
-#}
{% macro spark__escape_single_quotes(expression) -%}
{{ expression | replace("\\", "\\\\") | replace("'", "\\'") }}
{%- endmacro %}
