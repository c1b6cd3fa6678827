{#-
    Parses a landing timestamp into a UTC `timestamp`, row by row, from the contract's formats
    only: `YYYY-MM-DD`, `T` or a space, `hh:mm:ss`, an optional fraction (up to nine digits,
    kept to the microsecond), and an optional `Z` or `+hh:mm` / `-hh:mm` offset, converted to UTC
    (none means UTC). Anything else - a named time zone, an epoch, `infinity`, an impossible date
    or time - is null, which quarantines the row as unparseable. Only text that matches the
    format reaches the engine's cast, so no row's text can change another row's value (DuckDB's
    cast to timestamptz carried a named zone over to the following rows of its vector).
-#}
{% macro parse_utc_timestamp(expression) %}
    {%- set pattern -%}
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?$'
    {%- endset -%}
    {#- the sign of an offset stands sixth from the end; a text without one has a digit there -#}
    {%- set sign -%}
        substring({{ expression }}, length({{ expression }}) - 5, 1)
    {%- endset -%}
    {%- set suffix_length -%}
        case
            when {{ expression }} like '%Z' then 1
            when {{ sign }} in ('+', '-') then 6
            else 0
        end
    {%- endset -%}
    {%- set offset_minutes -%}
        case
            when {{ sign }} in ('+', '-') then
                (case when {{ sign }} = '-' then -1 else 1 end) * (
                    cast(substring({{ expression }}, length({{ expression }}) - 4, 2) as integer)
                    * 60
                    + cast(substring({{ expression }}, length({{ expression }}) - 1, 2) as integer)
                )
            else 0
        end
    {%- endset -%}
    {%- set local_timestamp -%}
        try_cast(
            substring(
                replace({{ expression }}, 'T', ' '),
                1,
                least(26, length({{ expression }}) - {{ suffix_length }})
            ) as timestamp
        )
    {%- endset -%}
    case
        when {{ regex_matches(expression, pattern, case_insensitive=false) }}
            then {{ subtract_minutes(local_timestamp, offset_minutes) }}
    end
{% endmacro %}
