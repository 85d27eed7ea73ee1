{#- What a touch says about where a visit came from, in the column order of the marts: each
    is `<side>_touch_<column>` on every attributed order (first and last) and
    `first_touch_<column>` on every person. The next touch column is one name here. -#}
{% macro attribution_touch_columns() -%}
    {{ return(['source', 'medium', 'campaign', 'content', 'term', 'campaign_id',
               'platform', 'ad_platform', 'channel', 'click_id_type', 'click_id']) }}
{%- endmacro %}
