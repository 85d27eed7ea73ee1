{#- dbt.dateadd on Spark keeping the time's fraction of a second. dbt-spark's own spark__dateadd
    adds days through unix timestamps, which drops the milliseconds (conversion_events'
    accepted_until came out a fraction of a second earlier than on DuckDB); timestampadd
    (Spark 3.3+) adds the unit to the timestamp itself, as DuckDB's `+ interval` does. -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}
