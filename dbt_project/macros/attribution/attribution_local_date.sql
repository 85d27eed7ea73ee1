{#- The calendar date of a UTC timestamp in the reporting time zone (attribution.md: times
    are stored in UTC, day-level reporting uses var reporting_timezone). -#}
{% macro attribution_local_date(ts) -%}
    {%- set tz = var('reporting_timezone', 'UTC') -%}
    {%- if tz | upper == 'UTC' -%}
        cast({{ ts }} as date)
    {%- else -%}
        {{ return(adapter.dispatch('attribution_local_date', 'touchline')(ts, tz)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__attribution_local_date(ts, tz) -%}
    to_date(from_utc_timestamp({{ ts }}, '{{ tz }}'))
{%- endmacro %}

{% macro duckdb__attribution_local_date(ts, tz) -%}
    {#- timezone('UTC', naive) reads the naive value as UTC; timezone(tz, tstz) renders it
        as the naive wall-clock time in tz. -#}
    cast(timezone('{{ tz }}', timezone('UTC', {{ ts }})) as date)
{%- endmacro %}
