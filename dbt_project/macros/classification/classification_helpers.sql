{#- The 12 click-ID columns of the touch, in the spec's order; the classification_click_ids
    seed carries their rank, platforms and media, and a test checks the two agree. -#}
{% macro classification_click_id_parameters() %}
{{ return(['gclid', 'gbraid', 'wbraid', 'dclid', 'fbclid', 'msclkid', 'ttclid', 'epik', 'li_fat_id', 'twclid', 'sccid', 'rdt_cid']) }}
{% endmacro %}


{# configured hosts as the classifier compares them: lowercase, trimmed, without www. #}
{% macro classification_host_list(hosts) %}
{%- set out = [] -%}
{%- for host in hosts -%}
    {%- set h = host | string | trim | lower -%}
    {%- set h = h[4:] if h.startswith('www.') else h -%}
    {%- if h -%}{%- do out.append(h | replace("'", "")) -%}{%- endif -%}
{%- endfor -%}
{{ return(out) }}
{% endmacro %}


{# a decoded parameter value, or null when empty or junk (see touchline/classification/urls.py) #}
{% macro classification_clean_value(column) -%}
case
    when {{ column }} is null or {{ column }} = '' then null
    when lower({{ column }}) in (select junk_value from junk_values) then null
    when {{ tl_regexp_extract(column, '^([{].*[}]|[$][{].*[}]|%%.*%%)$') }} <> '' then null
    else {{ column }}
end
{%- endmacro %}


{# decoded value of parameter `name` (null when absent); the cheap substring test skips the
   regex and decoding for the many parameters a query does not carry #}
{% macro classification_param(query_expr, query_lower_expr, name) -%}
case
    when {{ tl_contains(query_lower_expr, name ~ '=') }}
        then {{ tl_decode_param(tl_query_param_raw(query_expr, name)) }}
end
{%- endmacro %}


{#- The key of a hit (landing URL, referrer) in int_hits_classified: a 128-bit hash of the pair,
    the URL's length first so that no two pairs concatenate alike. -#}
{% macro classification_hit_key(url, referrer) %}
{{ return(adapter.dispatch('classification_hit_key', 'touchline')(url, referrer)) }}
{% endmacro %}

{% macro default__classification_hit_key(url, referrer) -%}
md5(cast(length(coalesce({{ url }}, '')) as string) || ':' || coalesce({{ url }}, '') || coalesce({{ referrer }}, ''))
{%- endmacro %}

{% macro duckdb__classification_hit_key(url, referrer) -%}
md5_number(cast(length(coalesce({{ url }}, '')) as string) || ':' || coalesce({{ url }}, '') || coalesce({{ referrer }}, ''))
{%- endmacro %}
