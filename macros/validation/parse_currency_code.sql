{#-
    The ISO 4217 code that the text `text_expression` holds (three letters, in any case,
    returned in upper case: `eur` -> `EUR`); null for anything else (`EURO`, `€`, `E U`).
-#}
{% macro parse_currency_code(text_expression) %}
    case
        when {{ regex_matches(text_expression, "'^[A-Za-z]{3}$'", case_insensitive=false) }}
            then upper({{ text_expression }})
    end
{% endmacro %}
