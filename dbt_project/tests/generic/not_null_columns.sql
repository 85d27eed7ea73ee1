{#- The columns of a model that must never be null, given `unique` the keys that must never
    repeat, and given `accepted_values` (column: [values]) the only values a column may hold,
    checked in one query: one row per failed check (`not null: <column>` with the rows holding
    nulls, `unique: <key>` with the key values found on more than one row, `accepted values:
    <column>` with the rows holding another value). One dbt node per model instead of one per
    column, key and list of values: every node costs dbt and Dagster ~40-60 CPU ms a build
    whatever the data (docs/benchmarks.md, issue 20). A key is checked as dbt's `unique` test
    checks it (its non-null values, each on one row), a list of values as dbt's
    `accepted_values` checks it (a null is not another value). -#}
{% test not_null_columns(model, columns, unique=[], accepted_values={}) %}

with

null_counts as (
    select
        {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as nulls_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ model }}
){{ "," if unique or accepted_values }}

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
){{ "," if not loop.last or accepted_values }}

{% endfor -%}

{% for column, values in accepted_values.items() -%}
other_values_{{ loop.index }} as (
    select count(*) as other_values
    from {{ model }}
    where {{ column }} not in (
        {%- for value in values %}'{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor -%}
    )
){{ "," if not loop.last }}

{% endfor -%}

{% for column in columns -%}
select 'not null: {{ column }}' as failed_check, nulls_{{ loop.index }} as failing_rows
from null_counts
where nulls_{{ loop.index }} > 0
{% if not loop.last or unique or accepted_values %}union all
{% endif -%}
{%- endfor %}
{%- for key in unique %}
select 'unique: {{ key | replace("'", "") }}' as failed_check, repeated_keys as failing_rows
from repeated_keys_{{ loop.index }}
where repeated_keys > 0
{% if not loop.last or accepted_values %}union all
{% endif -%}
{%- endfor %}
{%- for column in accepted_values %}
select 'accepted values: {{ column }}' as failed_check, other_values as failing_rows
from other_values_{{ loop.index }}
where other_values > 0
{% if not loop.last %}union all
{% endif -%}
{%- endfor %}

{% endtest %}
