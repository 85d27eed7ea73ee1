{#- The 12 click-ID parameters of classification.md, in its table order: one column each on
    classified page views and on every attributed order. -#}
{% macro attribution_click_id_columns() -%}
    {{ return(['gclid', 'gbraid', 'wbraid', 'dclid', 'fbclid', 'msclkid', 'ttclid', 'epik',
               'li_fat_id', 'twclid', 'sccid', 'rdt_cid']) }}
{%- endmacro %}
