{#- Tables a model builds for itself between statements (identity's label rounds).
    DuckDB: temp tables of the connection. Spark: Parquet tables in the session's current
    database (`default`). Not temp views: a Spark temp view keeps its SQL and is analysed
    again wherever it is read, so round k, which reads round k-1 three times, would carry
    3^k copies of the first round's plan; a table cuts the chain. -#}
{% macro tl_create_temp_table(name, sql) %}{{ return(adapter.dispatch('tl_create_temp_table', 'touchline')(name, sql)) }}{% endmacro %}
{% macro default__tl_create_temp_table(name, sql) -%}
    {%- do run_query('create or replace temp table ' ~ name ~ ' as ' ~ sql) -%}
{%- endmacro %}
{% macro spark__tl_create_temp_table(name, sql) -%}
    {%- do run_query('drop table if exists ' ~ name) -%}
    {%- do run_query('create table ' ~ name ~ ' using parquet as ' ~ sql) -%}
{%- endmacro %}

{% macro tl_drop_temp_table(name) -%}
    {%- do run_query('drop table if exists ' ~ name) -%}
{%- endmacro %}


{% macro spark__conversions_create_ledger_copy() -%}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
    {%- do run_query('create database if not exists audit') -%}
    create table if not exists audit.conversion_exports (
        destination string,
        order_id string,
        event_id string,
        export_action string,
        value decimal(18, 4),
        currency string,
        payload_hash string,
        export_file string,
        exported_at timestamp
    ) using parquet
    {%- endif -%}
{%- endmacro %}
