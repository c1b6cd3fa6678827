{#-
    Why the text `text_expression` is not a finite decimal number >= 0 (parse_number_text), as a
    reason named after `subject`: `missing_<subject>` (null), `<subject>_not_finite` (NaN or
    infinity in any case, quoted or not, or a decimal beyond the range of a double: `1e400`,
    which Spark's JSON reader returns as `"Infinity"`), `<subject>_not_a_number` (any other
    text: `abc`, `12,50`), `negative_<subject>` (`-100`); null for a good number.
-#}
{% macro check_number_text(text_expression, subject) %}
    case
        when {{ text_expression }} is null
            then 'missing_{{ subject }}'
        when {{ parse_number_text(text_expression) }} is not null
            then case
                when {{ parse_number_text(text_expression) }} < 0
                    then 'negative_{{ subject }}'
            end
        when
            {{ regex_matches(text_expression, "'^\"?[+-]?(nan|inf|infinity)\"?$'") }}
            or abs({{ cast_or_null(text_expression, 'double') }}) > 1.7976931348623157e308
            then '{{ subject }}_not_finite'
        else '{{ subject }}_not_a_number'
    end
{% endmacro %}
