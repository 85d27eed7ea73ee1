{#- The columns of a model that must never be null, checked in one query: one row per such
    column that holds nulls, with how many. One dbt node per model instead of one per column
    (every node costs dbt and Dagster ~50-80 ms a build, whatever the data:
    docs/benchmarks.md). -#}
{% test not_null_columns(model, columns) %}

with

null_counts as (
    select
        {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as nulls_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ model }}
)

{% for column in columns -%}
select '{{ column }}' as column_name, nulls_{{ loop.index }} as null_rows
from null_counts
where nulls_{{ loop.index }} > 0
{% if not loop.last %}union all
{% endif -%}
{%- endfor %}

{% endtest %}
