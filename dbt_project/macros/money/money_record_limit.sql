{#- The largest magnitude one record's amount may take, in its own currency or converted
    (exclusive): every amount column is decimal(18,4), 14 digits before the point, and 3 of
    them stay free so that totals of up to a thousand records at the limit still fit (a day of
    mer_daily, a cohort, a campaign). The loader refuses larger amounts with the same rule
    (touchline/landing/money_types.py); a rate can still take an accepted amount beyond it,
    which the conversion macros below turn into a null and audit.amounts_out_of_range lists. -#}
{% macro money_record_limit() -%}
    {%- set money_precision, money_scale, sum_headroom_digits = 18, 4, 3 -%}
    {{- 10 ** (money_precision - money_scale - sum_headroom_digits) -}}
{%- endmacro %}


{#- Whether `amount` × `factor` stays within money_record_limit(), computed exactly in 38 digits. -#}
{% macro money_times_is_within_limit(amount, factor) -%}
    (abs(cast({{ amount }} as decimal(38, 4)) * cast({{ factor }} as decimal(38, 10))) < {{ money_record_limit() }})
{%- endmacro %}


{#- money_times, or null when the product would leave money_record_limit() (never an overflow
    that fails the build: the caller flags and audits the record). -#}
{% macro money_times_within_limit(amount, factor) -%}
    case when {{ money_times_is_within_limit(amount, factor) }} then {{ money_times(amount, factor) }} end
{%- endmacro %}
