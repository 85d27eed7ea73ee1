{#- The columns of a model that must never be null and, given `unique`, the keys that must
    never repeat, checked in one query: one row per failed check (`not null: <column>` with
    the rows holding nulls, `unique: <key>` with the key values found on more than one row).
    One dbt node per model instead of one per column and key: every node costs dbt and
    Dagster ~40-60 CPU ms a build whatever the data (docs/benchmarks.md, issue 20). A key is
    checked as dbt's `unique` test checks it: its non-null values, each on one row. -#}
{% test not_null_columns(model, columns, unique=[]) %}

with

null_counts as (
    select
        {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as nulls_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ model }}
){{ "," if unique }}

{% for key in unique -%}
repeated_keys_{{ loop.index }} as (
    select count(*) as repeated_keys
    from (
        select {{ key }} as key_value
        from {{ model }}
        where {{ key }} is not null
        group by {{ key }}
        having count(*) > 1
    ) as repeated
){{ "," if not loop.last }}

{% endfor -%}

{% for column in columns -%}
select 'not null: {{ column }}' as failed_check, nulls_{{ loop.index }} as failing_rows
from null_counts
where nulls_{{ loop.index }} > 0
{% if not loop.last or unique %}union all
{% endif -%}
{%- endfor %}
{%- for key in unique %}
select 'unique: {{ key | replace("'", "") }}' as failed_check, repeated_keys as failing_rows
from repeated_keys_{{ loop.index }}
where repeated_keys > 0
{% if not loop.last %}union all
{% endif -%}
{%- endfor %}

{% endtest %}
