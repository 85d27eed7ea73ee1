{#- Use the custom schema name as-is (`marts`, `audit`, …): the schema names are part of the
    contract in docs/marts.md, so they must not be prefixed with the target schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
