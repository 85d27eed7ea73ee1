{#- `as {{ tl_materialized_cte() }} (...)`: a CTE that several parts of one query read, computed
    once. DuckDB materializes it when asked (`materialized`); Spark has no such keyword and
    inlines a CTE wherever it is read. -#}
{% macro tl_materialized_cte() -%}
    {{ return(adapter.dispatch('tl_materialized_cte', 'touchline')()) }}
{%- endmacro %}

{% macro default__tl_materialized_cte() -%}
{%- endmacro %}

{% macro duckdb__tl_materialized_cte() -%}
    materialized
{%- endmacro %}
