{#- `as {{ tl_materialized_cte() }} (...)`: a CTE that several parts of one query read, computed
    once. DuckDB materializes it when asked (`materialized`); Spark has no such keyword and
    inlines a CTE wherever it is read. -#}
{% macro tl_materialized_cte() -%}
    {{ return(tl_cte_keyword('materialized')) }}
{%- endmacro %}


{#- `as {{ tl_inlined_cte() }} (...)`: a CTE over a large table that several parts of one query
    read, each part keeping few of its rows. DuckDB materializes a CTE read more than once
    unless told not to, which computes the whole of it first (every row and column of the
    table) and hides each reader's filter from the scan; inlined, each reader's filter reaches
    the scan. At 10 M events `int_incremental_batch_persons` took 0.63 s with its components
    materialized and 0.15 s inlined (docs/benchmarks.md, issue 20 seventeenth round). Spark
    inlines every CTE already. -#}
{% macro tl_inlined_cte() -%}
    {{ return(tl_cte_keyword('not materialized')) }}
{%- endmacro %}


{#- The keyword itself, on the engines that take one. -#}
{% macro tl_cte_keyword(keyword) -%}
    {{ return(adapter.dispatch('tl_cte_keyword', 'touchline')(keyword)) }}
{%- endmacro %}

{% macro default__tl_cte_keyword(keyword) -%}
    {{ return('') }}
{%- endmacro %}

{% macro duckdb__tl_cte_keyword(keyword) -%}
    {{ return(keyword) }}
{%- endmacro %}
