{#- Incremental builds (attribution.md: the nightly build processes what is new; after any
    sequence of landings it equals a full rebuild).

    Every landed file has a load id, and load ids only grow. Each incremental model records
    in `intermediate.incremental_state` the newest load it has taken in and the fingerprint
    of the code and settings it was built with. A build takes in the loads after the oldest
    recorded one (a model that failed or was not selected last time catches up; the others
    redo a little work, which changes nothing), and when any fingerprint differs or is
    missing, every incremental model rebuilds all its rows (`is_full`).

    A model does not keep a watermark of its own input: it is told which keys to recompute
    (`int_incremental_batch_*`), recomputes them from the full current state of its inputs,
    and the `replace_batch` strategy below replaces exactly those keys. -#}

{% macro incremental_state_relation() -%}
    {{ adapter.quote_as_configured('intermediate', 'schema') }}.incremental_state
{%- endmacro %}


{#- on-run-start: the state table must exist before the batch model reads it. -#}
{% macro create_incremental_state() -%}
    {{ return(adapter.dispatch('create_incremental_state', 'touchline')()) }}
{%- endmacro %}

{% macro default__create_incremental_state() -%}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
    create schema if not exists {{ adapter.quote_as_configured('intermediate', 'schema') }};
    create table if not exists {{ incremental_state_relation() }} (
        model_name varchar,
        loaded_through_load_id bigint,
        fingerprint varchar
    )
    {%- endif -%}
{%- endmacro %}


{#- The code and settings an incremental table was built with. Touchline passes a hash of the
    dbt project's files (touchline/dbt/fingerprint.py); the vars that an incremental model
    reads (itself or through a table it reads) are hashed here, so `--vars` given by hand
    count too. -#}
{% macro incremental_fingerprint() -%}
    {%- set settings = [
        env_var('TOUCHLINE_PROJECT_FINGERPRINT', 'unknown'),
        var('session_timeout_minutes', 30),
        var('internal_hosts', []),
        var('unwanted_referrers', []),
        var('identity_max_visitors_per_identifier', 25),
        var('identity_test_emails', []),
        var('identity_label_rounds', 20),
        var('reporting_timezone', 'UTC'),
        var('reporting_currency', 'USD'),
        var('first_touch_window_days', 365),
        var('last_touch_lookback_days', 90),
        var('click_id_window_days', 90),
        var('time_decay_half_life_days', 7),
        var('conversions_refund_policy', 'gross'),
        var('conversions_net_delay_days', 3),
    ] -%}
    {{- local_md5(tojson(settings)) -}}
{%- endmacro %}


{#- post-hook of every model: an incremental model records the loads it has taken in. -#}
{% macro record_incremental_state() -%}
    {{ return(adapter.dispatch('record_incremental_state', 'touchline')()) }}
{%- endmacro %}

{% macro default__record_incremental_state() -%}
    {%- if model.config.materialized == 'incremental' -%}
    delete from {{ incremental_state_relation() }} where model_name = '{{ this.identifier }}';
    insert into {{ incremental_state_relation() }} (model_name, loaded_through_load_id, fingerprint)
    select '{{ this.identifier }}', to_load_id, fingerprint from {{ ref('int_incremental_batch') }}
    {%- endif -%}
{%- endmacro %}


{#- The names of the project's incremental models (at run time; empty while parsing). -#}
{% macro incremental_model_names() -%}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
                {%- do names.append(node.alias or node.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(names | sort) -}}
{%- endmacro %}


{#- `where` condition of an incremental model: in an incremental run only the batch's keys
    (or everything when the batch is full); in a first or --full-refresh build, everything.
    `key` (an expression of the batch model's columns) and `where` (a condition on them)
    compute the batch's side, so the model's rows are probed by a plain column: a key built
    for each row of a large input only to probe a small batch costs a scan's worth.

    In a run, whether the batch is full is read when the model is compiled (after the batch
    is built: the model refs it), so the condition is `true` or a plain semi-join; written as
    `(select is_full ...) or column in (...)`, DuckDB probes with a mark join over every row
    and cannot push the filter down (docs/benchmarks.md, issue 20 tenth round). Elsewhere (a
    unit test's fixtures, `dbt compile`) the SQL decides, as it did. -#}
{% macro in_incremental_batch(column, batch_model, key=none, where=none) -%}
    {#- both refs unconditionally, so the dependencies are recorded while parsing -#}
    {%- set batch = ref('int_incremental_batch') -%}
    {%- set keys = ref(batch_model) -%}
    {%- if is_incremental() -%}
    {%- set probe -%}
        {{ column }} in (select {{ key or column }} from {{ keys }}{% if where %} where {{ where }}{% endif %})
    {%- endset -%}
    {{ incremental_batch_or_full(probe, '(select is_full from ' ~ batch ~ ')') }}
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}


{#- The condition `is_full or probe` of an incremental run, written as what the run's batch
    makes it: `true` when the batch is full, the probe alone when it is not, both when that
    cannot be known (incremental_batch_known_full). `is_full` is the SQL that reads the
    batch's is_full. An `or` keeps DuckDB from pushing the probe into the scan, so a filter
    written `is_full or load_id > from_load_id` reads every landed row (docs/benchmarks.md,
    issue 20 tenth and seventeenth rounds). -#}
{% macro incremental_batch_or_full(probe, is_full) -%}
    {%- set full = incremental_batch_known_full(ref('int_incremental_batch')) -%}
    {%- if full is none -%}
    ({{ is_full }} or {{ probe }})
    {%- elif full -%}
    true
    {%- else -%}
    {{ probe }}
    {%- endif -%}
{%- endmacro %}


{#- Whether this run's batch recomputes every incremental row, read from `batch` (the
    int_incremental_batch relation, or its schema-qualified name) when a model or test of a
    `dbt build`/`run`/`test` is compiled; none when it cannot be known there (parsing, other
    commands, unit tests, whose batch is a fixture). -#}
{% macro incremental_batch_known_full(batch) -%}
    {%- if not execute or flags.WHICH not in ('build', 'run', 'test') or (model is mapping and model.resource_type == 'unit_test') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set remembered = graph.get(incremental_batch_full_key()) -%}
    {%- if remembered is not none -%}
        {{ return(remembered) }}
    {%- endif -%}
    {{ return(incremental_batch_read_full(batch)) }}
{%- endmacro %}

{% macro incremental_batch_read_full(batch) -%}
    {%- set result = run_query('select is_full from ' ~ batch) -%}
    {{ return(result.columns[0].values()[0] in (true, 'true', 'True', 1)) }}
{%- endmacro %}


{#- post-hook of int_incremental_batch: its is_full, read once and kept for the rest of the
    run. Every model and test that asks is downstream of the batch (they ref it, or scope by
    the batch models built after it), and a `dbt build` builds it once, so the answer cannot
    change after this; read per node, it was ~100 queries a nightly (docs/benchmarks.md,
    issue 20 twelfth round). It is kept in the run's `graph`, the one object every node's
    context shares; a run that does not build the batch (`dbt test`, a selection without
    it) reads the table as before. -#}
{% macro remember_incremental_batch_full() -%}
    {%- if execute and flags.WHICH in ('build', 'run') -%}
        {%- do graph.update({incremental_batch_full_key(): incremental_batch_read_full(this)}) -%}
    {%- endif -%}
{%- endmacro %}

{% macro incremental_batch_full_key() -%}
    {{ return('touchline_incremental_batch_is_full') }}
{%- endmacro %}


{#- The `replace_batch` incremental strategy: delete every row of the keys being recomputed
    (`unique_key`: the keys in the new rows, plus the model's `batch_keys` relation, so a key
    that now has no rows loses its old ones), then insert the new rows. -#}
{% macro get_incremental_replace_batch_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set key = arg_dict['unique_key'] -%}
    {%- set batch_keys = config.get('batch_keys') -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- set full = incremental_batch_known_full(ref('int_incremental_batch')) %}
    {%- if full is none %}
    delete from {{ target }}
    where (select is_full from {{ ref('int_incremental_batch') }})
        or {{ key }} in (select {{ key }} from {{ source }})
        {%- if batch_keys %}
        or {{ key }} in (select {{ key }} from {{ ref(batch_keys) }})
        {%- endif %};
    {%- elif full %}
    delete from {{ target }};
    {%- else %}
    {#- one semi-join with both sides' keys, not two ORed (each a mark join over the table) #}
    delete from {{ target }}
    where {{ key }} in (
        select {{ key }} from {{ source }}
        {%- if batch_keys %}
        union all
        select {{ key }} from {{ ref(batch_keys) }}
        {%- endif %}
    );
    {%- endif %}
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ source }}
{%- endmacro %}


{#- post-hook of an incremental model: drop the rows whose key left `relation` (an identifier
    that became blocked, say), which recomputing the batch's keys cannot reach.

    `candidates` is a batch model listing every key that can have left `relation` in this
    build (int_identity_nodes replaces its batch identifiers' rows and no others): the delete
    looks at those keys only, on both sides, instead of every row against the whole of
    `relation` (an anti-join building a hash table of every node, ~1 s at 10 M events:
    docs/benchmarks.md, issue 20 fourteenth round). A full batch lists no keys, and a build
    that cannot tell checks every row. -#}
{% macro delete_rows_without(key, relation, candidates) -%}
    {{ return(adapter.dispatch('delete_rows_without', 'touchline')(key, relation, candidates)) }}
{%- endmacro %}

{% macro default__delete_rows_without(key, relation, candidates) -%}
    {%- if is_incremental() -%}
    {%- set scoped = incremental_batch_known_full(ref('int_incremental_batch')) == false -%}
    delete from {{ this }}
    {%- if scoped %}
    where {{ key }} in (select {{ key }} from {{ candidates }})
      and {{ key }} not in (
          select {{ key }} from {{ relation }}
          where {{ key }} in (select {{ key }} from {{ candidates }})
      )
    {%- else %}
    where {{ key }} not in (select {{ key }} from {{ relation }})
    {%- endif %}
    {%- endif -%}
{%- endmacro %}


{#- The distinct values of one key in a landed table's rows from the loads this build takes
    in; no rows when the batch is full (every model rebuilds everything then). -#}
{% macro incremental_batch_keys(landed_relation, key_column) -%}
with

batch as (
    select * from {{ ref('int_incremental_batch') }}
),

landed as (
    select * from {{ landed_relation }}
)

select distinct landed.{{ key_column }}
from landed
cross join batch
where not batch.is_full
  and landed.load_id > batch.from_load_id
  and landed.load_id <= batch.to_load_id
{%- endmacro %}


{#- A model's table as the previous build left it (none while parsing, or when it does not
    exist): a batch model that must know what a model held before this build rebuilds it
    reads it by name, not by ref(), which would make the model depend on itself. -#}
{% macro previous_build_relation(schema, identifier) -%}
    {%- if execute -%}
        {{- return(adapter.get_relation(database=target.database, schema=schema, identifier=identifier)) -}}
    {%- endif -%}
    {{- return(none) -}}
{%- endmacro %}
