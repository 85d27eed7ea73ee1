{#- Join condition: the period of `periods` (int_fx_rate_periods) that converts `currency` on
    `day`. The reporting currency's period has no start (valid_from_date null): it converts
    at 1 on every date, however early. -#}
{% macro fx_rate_applies(periods, currency, day) -%}
    {{ periods }}.currency = {{ currency }}
        and ({{ periods }}.valid_from_date is null or {{ periods }}.valid_from_date <= {{ day }})
        and ({{ periods }}.valid_until_date is null or {{ day }} < {{ periods }}.valid_until_date)
{%- endmacro %}
