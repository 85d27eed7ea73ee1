{#- The columns of a model that must never be null, given `unique` the keys that must never
    repeat, given `accepted_values` (column: [values]) the only values a column may hold, and
    given `relationships` ({column, to: "ref('<model>')", field}) the columns whose values must
    be found in another model, checked in one query: one row per failed check (`not null:
    <column>` with the rows holding nulls, `unique: <key>` with the key values found on more
    than one row; a key is a column, an expression, or a list of them (a composite key: its rows
    with every part non-null, grouped by the parts, which DuckDB groups cheaper than one string
    concatenated from them and which no separator inside a value can make collide),
    `accepted values: <column>` with the rows holding another value,
    `relationship: <column> to <model>.<field>` with the rows whose value is not there). One
    dbt node per model instead of one per column, key, list of values and relationship: every
    node costs dbt and Dagster ~40-60 CPU ms a build whatever the data (docs/benchmarks.md,
    issue 20). Each is checked as dbt's own test checks it: a key's non-null values each on one
    row (`unique`), a null is not another value (`accepted_values`) nor a missing parent
    (`relationships`; the child is read through the test's scope, the parent whole unless it is
    scoped by the same batch on the related column: incremental_test_parent). The
    `to` text is dbt's ref call, so dbt records the parent as the test's dependency.

    In a nightly the model is the test's scope, a semi-join of the whole table with the keys
    the build wrote (macros/incremental/incremental_test_scope.sql); each check repeated it
    (four times in `int_page_views`' test). A scoped model read by more than one check is
    read once (`model_rows`: the columns the checks use, each key computed once; DuckDB
    materializes it, `tl_materialized_cte`, Spark inlines it as before). A whole table is
    read by each check as before: its columns cost less to scan again than to copy
    (docs/benchmarks.md, issue 20 seventh round). -#}
{% test not_null_columns(model, columns, unique=[], accepted_values={}, relationships=[]) %}

{#- each relationship's parent: dbt renders the ref call in `to` when it builds the test (a
    relation); kept as text, it is resolved here -#}
{%- set parents = [] -%}
{%- for relationship in relationships -%}
{%- set parent = relationship.to -%}
{%- if parent is string %}{% set parent = ref((parent | replace('"', "'")).split("'")[1]) %}{% endif -%}
{%- do parents.append(parent) -%}
{%- endfor %}

{#- a scoped model (a subquery, incremental_test_scope.sql) read by several checks: once -#}
{%- set shared = (model | string).strip().startswith('(') and (unique or accepted_values or relationships) -%}
{%- set rows = 'model_rows' if shared else model -%}
{#- what model_rows selects: the plain columns the checks read, each once, and each key -#}
{%- set selected = [] -%}
{%- for column in columns + (accepted_values | list) + (relationships | map(attribute='column') | list) -%}
{%- if column not in selected %}{% do selected.append(column) %}{% endif -%}
{%- endfor -%}
{#- each key as the names of its parts (a single column or expression is a key of one part)
    and its label; in model_rows a part that is a column is that column, selected once, and a
    part that is an expression is computed once under a name of its own -#}
{%- set keys = [] -%}
{%- for key in unique -%}
{%- set parts = [key] if key is string else key -%}
{%- set key_index = loop.index -%}
{%- set names = [] -%}
{%- for part in parts -%}
{%- if not shared or modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', part) -%}
{%- do names.append(part) -%}
{%- if part not in selected %}{% do selected.append(part) %}{% endif -%}
{%- else -%}
{%- do names.append('unique_key_' ~ key_index ~ '_' ~ loop.index) -%}
{%- do selected.append(part ~ ' as ' ~ names[-1]) -%}
{%- endif -%}
{%- endfor -%}
{%- do keys.append({'names': names, 'label': parts | join(', ') | replace("'", "")}) -%}
{%- endfor %}

with

{% if shared -%}
model_rows as {{ tl_materialized_cte() }} (
    select
        {%- for expression in selected %}
        {{ expression }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ model }}
),

{% endif -%}
null_counts as (
    select
        {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as nulls_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ rows }}
){{ "," if unique or accepted_values or relationships }}

{% for key in keys -%}
repeated_keys_{{ loop.index }} as (
    select count(*) as repeated_keys
    from (
        select count(*) as key_rows
        from {{ rows }}
        where {% for name in key.names %}{{ name }} is not null{{ " and " if not loop.last }}{% endfor %}
        group by {{ key.names | join(', ') }}
        having count(*) > 1
    ) as repeated
){{ "," if not loop.last or accepted_values or relationships }}

{% endfor -%}

{% for column, values in accepted_values.items() -%}
other_values_{{ loop.index }} as (
    select count(*) as other_values
    from {{ rows }}
    where {{ column }} not in (
        {%- for value in values %}'{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor -%}
    )
){{ "," if not loop.last or relationships }}

{% endfor -%}

{% for relationship in relationships -%}
orphans_{{ loop.index }} as (
    select count(*) as orphan_rows
    from (
        select {{ relationship.column }} as from_field
        from {{ rows }}
        where {{ relationship.column }} is not null
    ) as child
    left join {{ incremental_test_parent(model, parents[loop.index0], relationship.column, relationship.field) }} as parent
        on child.from_field = parent.{{ relationship.field }}
    where parent.{{ relationship.field }} is null
){{ "," if not loop.last }}

{% endfor -%}

{% for column in columns -%}
select 'not null: {{ column }}' as failed_check, nulls_{{ loop.index }} as failing_rows
from null_counts
where nulls_{{ loop.index }} > 0
{% if not loop.last or unique or accepted_values or relationships %}union all
{% endif -%}
{%- endfor %}
{%- for key in keys %}
select 'unique: {{ key.label }}' as failed_check, repeated_keys as failing_rows
from repeated_keys_{{ loop.index }}
where repeated_keys > 0
{% if not loop.last or accepted_values or relationships %}union all
{% endif -%}
{%- endfor %}
{%- for column in accepted_values %}
select 'accepted values: {{ column }}' as failed_check, other_values as failing_rows
from other_values_{{ loop.index }}
where other_values > 0
{% if not loop.last or relationships %}union all
{% endif -%}
{%- endfor %}
{%- for relationship in relationships %}
select
    'relationship: {{ relationship.column }} to {{ parents[loop.index0].identifier }}.{{ relationship.field }}'
        as failed_check,
    orphan_rows as failing_rows
from orphans_{{ loop.index }}
where orphan_rows > 0
{% if not loop.last %}union all
{% endif -%}
{%- endfor %}

{% endtest %}
