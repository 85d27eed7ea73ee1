{#- Table and column comments (the `persist_docs` config), written once per run on DuckDB.

    dbt writes a model's comments as part of its materialization: on DuckDB four statements a
    model (its columns read twice, the table's comment, the columns' comments), ~30 ms of
    dbt's per-statement work each model whatever the data; 2.5 of a small nightly's 25.5 CPU
    seconds (docs/benchmarks.md, issue 20 fifth round). In a `dbt build` or `dbt run` the
    models' own step writes none; the on-run-end hook below writes the comments of every
    model the run built, in one statement, with one query for their columns. The same
    comments land on the same tables and views: an analyst reading `duckdb_columns()` or
    `duckdb_tables()` sees every description, as before. Other commands (`dbt docs`, a
    single `dbt run-operation`) and other engines keep dbt's own per-model path.

    A comment already in place is not written again: an incremental model's table keeps its
    comments from the build that created it, and in a nightly rewriting them was half of
    this hook's statements and most of its time (each one alters a table with its rows;
    docs/benchmarks.md, issue 20 seventh round). Tables and views created again in this run
    have none and get every one. -#}

{% macro duckdb__persist_docs(relation, model, for_relation, for_columns) -%}
    {%- if flags.WHICH not in ('build', 'run') -%}
        {%- do default__persist_docs(relation, model, for_relation, for_columns) -%}
    {%- endif -%}
{%- endmacro %}


{#- on-run-end -#}
{% macro persist_docs_of_run(results) -%}
    {{ return(adapter.dispatch('persist_docs_of_run', 'touchline')(results)) }}
{%- endmacro %}

{#- Elsewhere each model wrote its own comments (dbt's persist_docs). -#}
{% macro default__persist_docs_of_run(results) -%}
{%- endmacro %}

{% macro duckdb__persist_docs_of_run(results) -%}
    {%- if execute and flags.WHICH in ('build', 'run') -%}
        {%- set built = [] -%}
        {%- for result in results -%}
            {%- set node = graph.nodes.get(result.node.unique_id) -%}
            {%- if node and node.resource_type == 'model' and (result.status | string) == 'success'
                    and node.config.materialized != 'ephemeral' and node.config.persist_docs -%}
                {%- do built.append(node) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if built -%}
            {%- set names = [] -%}
            {%- for node in built -%}
                {%- do names.append("'" ~ node.database ~ "." ~ node.schema ~ "." ~ node.alias ~ "'") -%}
            {%- endfor -%}
            {#- each relation's columns and the comments it holds (a column's, or the relation's
                own with a null column name) -#}
            {%- set columns_query -%}
                select relation_name, column_name, comment
                from (
                    select database_name || '.' || schema_name || '.' || table_name as relation_name,
                        column_name, comment
                    from duckdb_columns()
                    union all
                    select database_name || '.' || schema_name || '.' || table_name, null, comment
                    from duckdb_tables()
                    union all
                    select database_name || '.' || schema_name || '.' || view_name, null, comment
                    from duckdb_views()
                ) as relations
                where relation_name in ({{ names | join(', ') }})
            {%- endset -%}
            {%- set existing = {} -%}
            {%- set comments = {} -%}
            {%- for row in run_query(columns_query) -%}
                {%- if row[1] is none -%}
                    {%- do comments.update({row[0]: row[2]}) -%}
                {%- else -%}
                    {%- do existing.setdefault(row[0], []).append(row[1]) -%}
                    {%- do comments.update({row[0] ~ '.' ~ row[1]: row[2]}) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set statements = [] -%}
            {%- for node in built -%}
                {%- set key = node.database ~ "." ~ node.schema ~ "." ~ node.alias -%}
                {%- set kind = 'view' if node.config.materialized == 'view' else 'table' -%}
                {%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
                {%- set docs = node.config.persist_docs -%}
                {%- if docs.get('relation') and node.description and comments.get(key) != node.description -%}
                    {%- do statements.append('comment on ' ~ kind ~ ' ' ~ relation ~ ' is ' ~ duckdb_escape_comment(node.description)) -%}
                {%- endif -%}
                {%- if docs.get('columns') -%}
                    {%- for name, column in node.columns.items() if name in existing.get(key, []) and column.description
                            and comments.get(key ~ '.' ~ name) != column.description -%}
                        {%- set quoted = adapter.quote(name) if column.quote else name -%}
                        {%- do statements.append('comment on column ' ~ relation ~ '.' ~ quoted ~ ' is ' ~ duckdb_escape_comment(column.description)) -%}
                    {%- endfor -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if statements -%}
                {%- do run_query(statements | join(';\n') ~ ';') -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
