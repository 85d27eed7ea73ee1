{#- Join condition: the period of `periods` (int_fx_rate_periods) that converts `currency` on
    `day`. The reporting currency's period has no start (valid_from_date null): it converts
    at 1 on every date, however early. -#}
{% macro fx_rate_applies(periods, currency, day) -%}
    {{ periods }}.currency = {{ currency }}
        and ({{ periods }}.valid_from_date is null or {{ periods }}.valid_from_date <= {{ day }})
        and ({{ periods }}.valid_until_date is null or {{ day }} < {{ periods }}.valid_until_date)
{%- endmacro %}

{#- A CTE body: every row of `relation` with the rate that converts each listed currency
    column on its `day` column, null when no period covers it. `rates`: (rate column to add,
    currency column) pairs. The model imports int_fx_rate_periods as the CTE fx_rate_periods;
    every model that converts amounts joins its rates here, so the next fx-converted table is
    one call. -#}
{% macro fx_rates_joined(relation, day, rates) -%}
    select
        {{ relation }}.*
        {%- for rate_column, currency in rates %},
        {{ rate_column }}_period.rate as {{ rate_column }}
        {%- endfor %}
    from {{ relation }}
    {%- for rate_column, currency in rates %}
    left join fx_rate_periods as {{ rate_column }}_period
        on {{ fx_rate_applies(rate_column ~ '_period', relation ~ '.' ~ currency, relation ~ '.' ~ day) }}
    {%- endfor %}
{%- endmacro %}
