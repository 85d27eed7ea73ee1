{#- Seeds a build need not load again (touchline/dbt/seed_state.py).

    `intermediate.seed_state` records, per seed, the checksum of the CSV file and the seed's
    config (column types, schema, ...) that the warehouse's seed table was loaded from, written
    at the end of a `dbt build` only for the seeds that loaded AND whose every data test
    passed (or warned) in that build. Touchline's build reads it before starting dbt and
    leaves out the seeds whose checksum and config are the ones of the current project: their
    table holds exactly those rows, and their tests, which read nothing else, would give the
    same results. A seed whose file or config changed, whose table is missing, or whose load
    or a test failed, is loaded and tested again. -#}

{% macro seed_state_relation() -%}
    {{ adapter.quote_as_configured('intermediate', 'schema') }}.seed_state
{%- endmacro %}


{#- on-run-start -#}
{% macro create_seed_state() -%}
    {{ return(adapter.dispatch('create_seed_state', 'touchline')()) }}
{%- endmacro %}

{% macro default__create_seed_state() -%}
    {%- if execute and flags.WHICH == 'build' -%}
    create schema if not exists {{ adapter.quote_as_configured('intermediate', 'schema') }};
    create table if not exists {{ seed_state_relation() }} (
        seed_name varchar,
        checksum varchar,
        config_json varchar
    )
    {%- endif -%}
{%- endmacro %}

{#- The Spark build loads every seed every time (its seeds are SQL literals). -#}
{% macro spark__create_seed_state() -%}
{%- endmacro %}


{#- on-run-end: record the seeds this build loaded and tested without a failure; forget the
    others it ran (a failed load or test must not let the next build skip them). -#}
{% macro record_seed_state(results) -%}
    {{ return(adapter.dispatch('record_seed_state', 'touchline')(results)) }}
{%- endmacro %}

{% macro default__record_seed_state(results) -%}
    {%- if execute and flags.WHICH == 'build' -%}
        {%- set ran = {} -%}
        {%- set test_status = {} -%}
        {%- for result in results -%}
            {%- if result.node.resource_type == 'seed' -%}
                {%- do ran.update({result.node.unique_id: result.status | string}) -%}
            {%- elif result.node.resource_type == 'test' -%}
                {%- do test_status.update({result.node.unique_id: result.status | string}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set rows = [] -%}
        {%- for unique_id, status in ran.items() -%}
            {%- set node = graph.nodes[unique_id] -%}
            {%- set ns = namespace(ok=(status == 'success')) -%}
            {%- for test in graph.nodes.values() -%}
                {%- if test.resource_type == 'test' and unique_id in test.depends_on.nodes -%}
                    {%- if test_status.get(test.unique_id) not in ('pass', 'warn') -%}
                        {%- set ns.ok = false -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if ns.ok -%}
                {%- do rows.append((node.name, node.checksum.checksum, tojson(node.config, sort_keys=true))) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if ran -%}
        delete from {{ seed_state_relation() }}
        where seed_name in (
            {%- for unique_id in ran %}'{{ graph.nodes[unique_id].name }}'{{ ', ' if not loop.last }}{% endfor -%}
        );
        {%- for name, checksum, config_json in rows %}
        insert into {{ seed_state_relation() }} (seed_name, checksum, config_json)
        values ('{{ name }}', '{{ checksum }}', '{{ config_json | replace("'", "''") }}');
        {%- endfor %}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro spark__record_seed_state(results) -%}
{%- endmacro %}
