{#- A money amount (decimal(18,4)) times multiplier ÷ divisor, two exact positive rates
    (decimal(18,10)), rounded once, half away from zero, to 4 places: a refund in one currency
    taken into its order's currency through the reporting currency. -#}
{% macro money_times_ratio(amount, multiplier, divisor) -%}
    {{ return(adapter.dispatch('money_times_ratio', 'touchline')(amount, multiplier, divisor)) }}
{%- endmacro %}

{% macro default__money_times_ratio(amount, multiplier, divisor) -%}
    cast(round(
        cast({{ amount }} as decimal(38, 4)) * cast({{ multiplier }} as decimal(38, 10))
            / cast({{ divisor }} as decimal(38, 10)),
    4) as decimal(18, 4))
{%- endmacro %}

{#- DuckDB divides decimals in binary floating point, which can round the fourth place the
    wrong way; integer division of the scaled values cannot (a hugeint holds 38 digits, the
    scaled product at most 36). `//` truncates toward zero, so adding half the divisor with
    the amount's sign rounds half away from zero. -#}
{% macro duckdb__money_times_ratio(amount, multiplier, divisor) -%}
    {%- set scaled_amount = "cast(cast(" ~ amount ~ " as decimal(38, 4)) * 10000 as hugeint)" -%}
    {%- set scaled_multiplier = "cast(cast(" ~ multiplier ~ " as decimal(38, 10)) * 10000000000 as hugeint)" -%}
    {%- set scaled_divisor = "cast(cast(" ~ divisor ~ " as decimal(38, 10)) * 10000000000 as hugeint)" -%}
    cast(
        cast(
            ({{ scaled_amount }} * {{ scaled_multiplier }} * 2 + sign({{ scaled_amount }}) * {{ scaled_divisor }})
                // ({{ scaled_divisor }} * 2)
        as decimal(38, 0)) * 0.0001
    as decimal(18, 4))
{%- endmacro %}
