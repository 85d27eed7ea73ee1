{#-
  tl_staged_ctes(prelude, block, names): a block of CTEs (text ending in a comma) whose CTEs
  `names` are read many times further on. Returns the text to put in the WITH list instead of
  `block`; `prelude` is the CTEs the block reads (also text ending in a comma).

  DuckDB: the block itself (DuckDB materialises a CTE that is read several times).
  Spark, when a model runs: each of `names` is first written as a Parquet table
  `<model schema>.<model>__<name>` by its own statement (the prelude and the block as its
  CTEs), and the block becomes `<name> as (select * from <that table>)`. Spark's analyser
  inlines every CTE at each place it is read, so a long chain of CTEs read many times
  (the classifier: ~50, several read 5-30 times) grows a plan it took more than ten minutes to
  analyse (DeduplicateRelations) before reading a row; a table cuts the chain, as the
  identity rounds' tables do. The tables are replaced by the next build of the model.
  `dbt compile` and `dbt docs` write nothing: they show the one-statement SQL.
-#}
{% macro tl_staged_ctes(prelude, block, names) %}
{{ return(adapter.dispatch('tl_staged_ctes', 'touchline')(prelude, block, names)) }}
{% endmacro %}

{% macro default__tl_staged_ctes(prelude, block, names) %}
{{ return(block) }}
{% endmacro %}

{% macro spark__tl_staged_ctes(prelude, block, names) %}
{%- if not (execute and flags.WHICH in ('run', 'build')) -%}
    {{ return(block) }}
{%- endif -%}
{%- set ctes = (prelude ~ '\n' ~ block) | trim -%}
{%- set ctes = ctes[:-1] if ctes.endswith(',') else ctes -%}
{%- set staged = [] -%}
{%- for name in names -%}
    {%- set table = this.schema ~ '.' ~ this.identifier ~ '__' ~ name -%}
    {%- do run_query('drop table if exists ' ~ table) -%}
    {%- do run_query('create table ' ~ table ~ ' using parquet as with ' ~ ctes ~ '\nselect * from ' ~ name) -%}
    {%- do staged.append(name ~ ' as (select * from ' ~ table ~ '),') -%}
{%- endfor -%}
{{ return(staged | join('\n')) }}
{% endmacro %}
