{#-
    The join condition picking the rate of the seed exchange_rates (rows of
    int_exchange_rates_validated, alias `rates`) that converts `currency` on the day `day`: the
    rate of that currency whose validity (valid_from inclusive, valid_until exclusive, open
    when null) holds the day.
-#}
{% macro exchange_rate_valid_on(rates, currency, day) %}
    {{ currency }} = {{ rates }}.from_currency
    and {{ day }} >= {{ rates }}.valid_from
    and ({{ day }} < {{ rates }}.valid_until or {{ rates }}.valid_until is null)
{% endmacro %}

{#-
    `amount` in var reporting_currency: as is when `currency` is the reporting currency, else
    times the rate joined by exchange_rate_valid_on (null when there is none).
-#}
{% macro in_reporting_currency(amount, currency, rates) %}
    case
        when {{ currency }} = '{{ var("reporting_currency") }}' then {{ amount }}
        else {{ amount }} * {{ rates }}.rate
    end
{% endmacro %}
