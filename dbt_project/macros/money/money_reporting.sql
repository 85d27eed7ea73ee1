{#- An amount in the reporting currency: the amount times its fx rate, or null when the
    conversion would not fit the money type (is_out_of_range, as int_orders_revenue decides it
    per order; audit.amounts_out_of_range lists those). One definition for attribution_credits
    and the analytics credits that aggregate it, so the two agree to the cent. -#}
{% macro money_reporting(amount, fx_rate, is_out_of_range) -%}
    case when not {{ is_out_of_range }} then {{ money_times(amount, fx_rate) }} end
{%- endmacro %}
