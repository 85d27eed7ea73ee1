{#- Incremental builds on Spark (docs/scaling.md, "Incremental strategy").

    dbt-spark's incremental materialization knows `append`, `insert_overwrite`, `merge` and
    `microbatch`; `merge` needs a table format with row-level writes (Delta, Iceberg, Hudi),
    whose jars Spark would download at start-up. Touchline's tables are plain Parquet, so the
    `replace_batch` semantics (every row of the batch's keys replaced, keys that now have no
    rows emptied: incremental_batch.sql) run as `insert_overwrite`: the rows of the keys the
    batch does not touch are kept, the batch's new rows added, and the table overwritten with
    the result. The kept rows and the new ones are first written to `<table>__next` (Spark
    cannot overwrite a table in the statement that reads it, and the batch's own SQL may read
    the table: int_identity_components reads its previous components). -#}

{% macro spark__incremental_strategy_config(unique_key, batch_keys) -%}
    {%- set options = {'incremental_strategy': 'insert_overwrite', 'file_format': 'parquet'} -%}
    {%- if batch_keys is not none -%}{%- do options.update({'batch_keys': batch_keys}) -%}{%- endif -%}
    {{- return(options) -}}
{%- endmacro %}


{#- dbt-spark calls this for `insert_overwrite` (the project's macro wins over the adapter's
    of the same name). A model with a unique_key gets replace_batch semantics; any other
    model dbt-spark's own statement. -#}
{% macro get_insert_overwrite_sql(source_relation, target_relation, existing_relation) -%}
    {%- set dest_columns = adapter.get_columns_in_relation(target_relation) -%}
    {%- set columns = dest_columns | map(attribute='quoted') | join(', ') -%}
    {%- set key = config.get('unique_key') -%}
    {%- if key -%}
        {%- set batch_keys = config.get('batch_keys') -%}
        {%- set replaced_keys -%}
            select {{ key }} from {{ source_relation }}
            {%- if batch_keys %}
            union
            select {{ key }} from {{ ref(batch_keys) }}
            {%- endif %}
        {%- endset -%}
        {%- set kept_rows -%}
            select {{ columns }}
            from {{ target_relation }} as existing
            left anti join ({{ replaced_keys }}) as replaced on replaced.{{ key }} = existing.{{ key }}
            where not (select is_full from {{ ref('int_incremental_batch') }})
        {%- endset -%}
        {%- set rows = kept_rows ~ "\nunion all\nselect " ~ columns ~ " from " ~ source_relation -%}
        {{- spark_overwrite_with(target_relation, rows) -}}
    {%- else -%}
        insert overwrite table {{ target_relation }}
        {{ partition_cols(label="partition") }}
        select {{ columns }} from {{ source_relation }}
    {%- endif -%}
{%- endmacro %}


{#- Overwrite `relation` with the rows of `sql`, which may read `relation` itself: the rows are
    staged in `<relation>__next` first. Runs the staging statements and returns the last one
    (a hook or dbt's main statement is a single statement on Spark). -#}
{% macro spark_overwrite_with(relation, sql) -%}
    {%- set staged = relation.incorporate(path={'identifier': relation.identifier ~ '__next'}) -%}
    {%- if execute -%}
        {%- do run_query('drop table if exists ' ~ staged) -%}
        {%- do run_query('create table ' ~ staged ~ ' using parquet as ' ~ sql) -%}
        {%- do run_query('insert overwrite table ' ~ relation ~ ' select * from ' ~ staged) -%}
    {%- endif -%}
    drop table if exists {{ staged }}
{%- endmacro %}


{#- (the table is overwritten whole either way: `candidates` would not make it cheaper) -#}
{% macro spark__delete_rows_without(key, relation, candidates) -%}
    {%- if is_incremental() -%}
        {{- spark_overwrite_with(this, 'select * from ' ~ this ~ ' as existing left semi join ' ~ relation
            ~ ' as kept on kept.' ~ key ~ ' = existing.' ~ key) -}}
    {%- endif -%}
{%- endmacro %}


{#- The state table is partitioned by model, so a model overwrites its own row alone. -#}
{% macro spark__create_incremental_state() -%}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
    {%- do run_query('create database if not exists intermediate') -%}
    create table if not exists {{ incremental_state_relation() }} (
        loaded_through_load_id bigint,
        fingerprint string,
        model_name string
    ) using parquet partitioned by (model_name)
    {%- endif -%}
{%- endmacro %}


{% macro spark__record_incremental_state() -%}
    {%- if model.config.materialized == 'incremental' -%}
    insert overwrite table {{ incremental_state_relation() }} partition (model_name = '{{ this.identifier }}')
    select to_load_id, fingerprint from {{ ref('int_incremental_batch') }}
    {%- endif -%}
{%- endmacro %}
