{#-
  Seeds on Spark, written as SQL literals. dbt-spark's own spark__load_csv_rows binds each
  value in session mode as `'<str(value)>'`: an empty CSV cell (None) lands as the text
  'None', and a backslash in a cell is read by Spark's string-literal unescaping (the channel
  rule `\(direct\)` became the regex `(direct)`). Either silently changes the classifier's
  seeds (no channel matched, referrer entries with a path prefix 'None' never matched). Here a
  null is `null`, a number or boolean its literal, and text is quoted with its backslashes and
  quotes escaped, so the table holds the CSV's values exactly, as on DuckDB.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
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
