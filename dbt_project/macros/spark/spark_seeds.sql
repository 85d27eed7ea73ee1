{#-
  Seeds on Spark. dbt reads a seed's CSV with agate before any adapter sees it, and agate
  reads the cell `null` (any case) and an empty cell both as a missing value; dbt-duckdb's
  COPY reads the file itself and keeps `null` as text. The classifier's junk values hold the
  word `null` (a parameter value meaning missing), so through agate that row became null on
  Spark: `not_null_classification_junk_values` failed, and a parameter `utm_source=null` would
  have been kept as a source.

  The local engine (the profile's `spark` target, dbt-spark's `session` method, which
  `touchline build --engine spark` runs) therefore reads the CSV with Spark's own reader, as dbt-duckdb does: an empty cell is
  null, every other cell its text (RFC 4180 quoting, backslashes as they are), cast to the
  seed's column types. A cluster (Thrift, HTTP) cannot read a file on the machine running
  dbt, so there the seed is written as SQL literals from dbt's agate rows (below), which is
  exact except for the word `null` (docs/scaling.md).

  The literals: dbt-spark's own spark__load_csv_rows binds each value in session mode as
  `'<str(value)>'`: an empty CSV cell (None) lands as the text 'None', and a backslash in a
  cell is read by Spark's string-literal unescaping (the channel rule `\(direct\)` became the
  regex `(direct)`). Here a null is `null`, a number or boolean its literal, and text is
  quoted with its backslashes and quotes escaped.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {#- the profile's `spark` target is the session method (dbt's target context does not name
      the connection method); the cluster targets have other names -#}
  {%- if target.name == 'spark' -%}
    {{ return(tl_spark_load_csv_file(model, agate_table)) }}
  {%- endif -%}
  {%- set batch_size = get_batch_size() -%}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(batch_size) -%}
      {%- set sql -%}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for col_name in agate_table.column_names -%}
                  {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                  {%- set type = column_override.get(col_name, inferred_type) -%}
                  cast({{ tl_spark_literal(row[loop.index0]) }} as {{ type }})
                  {%- if not loop.last %}, {% endif -%}
              {%- endfor -%})
              {%- if not loop.last %},{% endif %}
          {% endfor %}
      {%- endset -%}
      {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
      {%- if loop.index0 == 0 -%}
          {%- do statements.append(sql) -%}
      {%- endif -%}
  {%- endfor -%}
  {{ return(statements[0]) }}
{% endmacro %}

{% macro tl_spark_literal(value) -%}
  {%- if value is none -%}
    null
  {%- elif value is sameas true or value is sameas false -%}
    {{ 'true' if value else 'false' }}
  {%- elif value is number -%}
    {{ value }}
  {%- else -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
  {%- endif -%}
{%- endmacro %}

{% macro tl_spark_load_csv_file(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set view = 'tl_seed_csv__' ~ model['name'] -%}
  {%- set read_csv -%}
      create or replace temporary view {{ view }} using csv options (
          path {{ tl_spark_literal(agate_table.original_abspath) }},
          header 'true', escape '"', multiLine 'true', mode 'FAILFAST', encoding 'UTF-8'
      )
  {%- endset -%}
  {%- do adapter.add_query(read_csv, abridge_sql_log=True) -%}
  {%- set sql -%}
      insert into {{ this.render() }}
      select
      {% for col_name in agate_table.column_names -%}
          {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
          cast(`{{ col_name }}` as {{ column_override.get(col_name, inferred_type) }})
          {%- if not loop.last %},{% endif %}
      {% endfor -%}
      from {{ view }}
  {%- endset -%}
  {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
  {%- do adapter.add_query('drop view if exists ' ~ view, abridge_sql_log=True) -%}
  {{ return(sql) }}
{% endmacro %}
