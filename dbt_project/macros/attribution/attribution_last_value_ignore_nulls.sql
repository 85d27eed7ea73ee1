{#- The last non-null value of `expr` in a window frame (the frame clause follows the call,
    inside the over (...) that the caller writes). -#}
{% macro attribution_last_value_ignore_nulls(expr) -%}
    {{ return(adapter.dispatch('attribution_last_value_ignore_nulls', 'touchline')(expr)) }}
{%- endmacro %}

{% macro default__attribution_last_value_ignore_nulls(expr) -%}
    last_value({{ expr }}, true)
{%- endmacro %}

{% macro duckdb__attribution_last_value_ignore_nulls(expr) -%}
    last_value({{ expr }} ignore nulls)
{%- endmacro %}
