{#- Tables and views on DuckDB: the old relation replaced in one transaction.

    dbt-duckdb builds a table or view under a temporary name, renames the old one to a backup,
    renames the new one into place, commits and drops the backup, checking for foreign keys
    and indexes on the way: eight statements a table and ~85 ms of dbt's own Python a node
    (110 ms a view), where most of the ~50 tables and views a nightly rebuilds whole take less
    than that to compute (docs/benchmarks.md, issue 20 fifteenth round). Here the old relation
    is dropped and the new one created in one transaction (dbt-duckdb's own path for a table
    with foreign keys): four statements, and a failed build rolls back to the old relation.
    DuckDB binds a view's tables when it is queried, so views over a replaced table keep
    working. A Python model runs on a cursor of its own (its own transaction): it writes its
    table under a temporary name, which then replaces the old table in one transaction.
    DuckLake catalogs and relations with grants, indexes, partitioning or sorting (none in
    this project) take dbt-duckdb's table materialization and dbt's view one unchanged.
    Spark keeps dbt-spark's. -#}
{% materialization table, adapter='duckdb', supported_languages=['sql', 'python'] %}
  {%- if not touchline_replaces_in_place(this) -%}
    {{ return(dbt.materialization_table_duckdb()) }}
  {%- endif -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {%- set built_relation = none -%}
  {%- if model['language'] == 'python' %}
    {%- set built_relation = make_intermediate_relation(target_relation) -%}
    {{ drop_relation_if_exists(load_cached_relation(built_relation)) }}
    {% call statement('main', language='python') -%}
      {{- create_table_as(False, built_relation, compiled_code, 'python') }}
    {%- endcall %}
  {%- endif %}
  {{ return(touchline_replace_relation(target_relation, built_relation)) }}
{% endmaterialization %}


{% materialization view, adapter='duckdb' %}
  {%- if not touchline_replaces_in_place(this) -%}
    {{ return(dbt.materialization_view_default()) }}
  {%- endif -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ return(touchline_replace_relation(this.incorporate(type='view'), none)) }}
{% endmaterialization %}


{#- whether `relation` is built by the materializations above rather than dbt-duckdb's -#}
{% macro touchline_replaces_in_place(relation) -%}
  {{ return(not (adapter.is_ducklake(relation) or config.get('grants') or config.get('indexes')
                 or config.get('partitioned_by') or config.get('sorted_by'))) }}
{%- endmacro %}


{#- In one transaction: the existing relation dropped, `target_relation` created from the
    model's SQL (or `built_relation`, already written, renamed to it), the model's hooks run. -#}
{% macro touchline_replace_relation(target_relation, built_relation) -%}
  {%- set existing_relation = load_cached_relation(this) -%}
  -- `BEGIN` happens here:
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {%- do adapter.ensure_transaction() %}
  {%- if existing_relation is not none %}
    {%- do adapter.drop_relation(existing_relation) %}
  {%- endif %}
  {%- if built_relation is not none %}
    {{ adapter.rename_relation(built_relation, target_relation) }}
  {%- else %}
    {% call statement('main') -%}
      {%- if target_relation.is_view -%}
        {{ get_create_view_as_sql(target_relation, compiled_code) }}
      {%- else -%}
        {{ create_table_as(False, target_relation, compiled_code) }}
      {%- endif -%}
    {%- endcall %}
  {%- endif %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% do persist_docs(target_relation, model) %}
  -- `COMMIT` happens here
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation]}) }}
{%- endmacro %}
