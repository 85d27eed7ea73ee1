{#- A money amount (decimal(18,4)) times an exact decimal factor (an fx rate, a credit share),
    rounded to 4 places. Both operands are widened first: on DuckDB the product of two
    decimal(18, x) is computed in 18 digits and overflows from about 10,000 units of currency. -#}
{% macro money_times(amount, factor) -%}
    cast(round(cast({{ amount }} as decimal(38, 4)) * cast({{ factor }} as decimal(38, 10)), 4) as decimal(18, 4))
{%- endmacro %}
