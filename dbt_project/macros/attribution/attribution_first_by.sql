{#- An aggregate: `value` of the row that comes first by the `order_by` columns (ties are
    impossible when the last column is unique), among the rows where `condition` holds; null
    when none does. One hash aggregate instead of a window over every row of the group. -#}
{% macro attribution_first_by(value, order_by, condition) -%}
    {{ return(adapter.dispatch('attribution_first_by', 'touchline')(value, order_by, condition)) }}
{%- endmacro %}

{% macro default__attribution_first_by(value, order_by, condition) -%}
    min_by({{ value }}, named_struct(
        {%- for column in order_by %}'k{{ loop.index }}', {{ column }}{{ ", " if not loop.last }}{% endfor -%}
    )) filter (where {{ condition }})
{%- endmacro %}

{% macro duckdb__attribution_first_by(value, order_by, condition) -%}
    arg_min({{ value }}, struct_pack(
        {%- for column in order_by %}k{{ loop.index }} := {{ column }}{{ ", " if not loop.last }}{% endfor -%}
    )) filter (where {{ condition }})
{%- endmacro %}
