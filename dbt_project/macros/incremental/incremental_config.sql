{#- The config of every incremental model, written once (how incremental builds work:
    incremental_batch.sql). A model states only what is its own:

        {{ incremental_config(unique_key='visitor_id', batch_keys='int_incremental_batch_visitors') }}

    - unique_key: the column whose values a build recomputes whole (every row of a key is
      replaced, so a key may have many rows);
    - batch_keys: the batch model listing the keys to recompute beyond those in the new rows
      (a key that now has no rows loses its old ones);
    - post_hook, on_schema_change: passed on as they are.

    How the rows of those keys are replaced depends on the engine, so the strategy is chosen
    by adapter.dispatch: `incremental_strategy_config` returns the config entries of the
    strategy. DuckDB (and by default any adapter that accepts a custom strategy and
    `delete ... where key in (select ...)`) uses `replace_batch`, a delete of the keys followed
    by an insert (get_incremental_replace_batch_sql). An adapter whose incremental
    materialization only knows its own strategies (dbt-spark: `append`, `merge`,
    `insert_overwrite`) adds its `<adapter>__incremental_strategy_config`. -#}
{% macro incremental_config(unique_key, batch_keys=none, post_hook=none, on_schema_change=none) -%}
    {%- set options = {'materialized': 'incremental', 'unique_key': unique_key} -%}
    {%- do options.update(adapter.dispatch('incremental_strategy_config', 'touchline')(unique_key, batch_keys)) -%}
    {%- if post_hook is not none -%}{%- do options.update({'post_hook': post_hook}) -%}{%- endif -%}
    {%- if on_schema_change is not none -%}{%- do options.update({'on_schema_change': on_schema_change}) -%}{%- endif -%}
    {{- config(**options) -}}
{%- endmacro %}


{#- The strategy entries of an incremental model's config: {'incremental_strategy': ...,
    plus whatever that strategy reads}. -#}
{% macro default__incremental_strategy_config(unique_key, batch_keys) -%}
    {%- set options = {'incremental_strategy': 'replace_batch'} -%}
    {%- if batch_keys is not none -%}{%- do options.update({'batch_keys': batch_keys}) -%}{%- endif -%}
    {{- return(options) -}}
{%- endmacro %}


{% macro duckdb__incremental_strategy_config(unique_key, batch_keys) -%}
    {{- return(default__incremental_strategy_config(unique_key, batch_keys)) -}}
{%- endmacro %}
