{#-
    The number that the text `text_expression` writes in plain decimal form (an optional sign,
    digits with an optional decimal point, an optional exponent: `12.50`, `-3`, `.5`, `1e3`,
    `1.0E20`), as a double; null for anything else (`NaN`, `inf`, `abc`, `12,50`, `1_000`, text
    with spaces) and for a decimal beyond the range of a double (`1e400`), so that no sum can
    ever become NaN or infinite. The engines' own casts accept more (`NaN`, `Infinity`, `1_000`
    on DuckDB, `1d` on Spark), hence the pattern first.
-#}
{% macro parse_number_text(text_expression) %}
    case
        when
            {{ regex_matches(
                text_expression,
                "'^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$'",
                case_insensitive=false,
            ) }}
            and abs({{ cast_or_null(text_expression, 'double') }}) <= 1.7976931348623157e308
            then {{ cast_or_null(text_expression, 'double') }}
    end
{% endmacro %}
