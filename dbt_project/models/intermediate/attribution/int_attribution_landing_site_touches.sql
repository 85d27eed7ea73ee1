-- The touch that an order export's landing_site / referring_site pair classifies to, with
-- the same classifier as page views (macro classify_hits): one row per order whose pair
-- classifies as non-direct. Used only for orders whose person has no session (attribution.md).
{{ incremental_config(unique_key='order_id', batch_keys='int_incremental_batch_attributed_orders') }}
-- the orders' pairs, also handed to classify_hits, whose stages on Spark read them
{%- set order_hit_ctes %}
orders as (
    select * from {{ ref('stg_orders') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

order_hits as (
    select order_id, landing_site_url, referring_site_url
    from orders
    where coalesce(landing_site_url, '') <> '' or coalesce(referring_site_url, '') <> ''
),
{%- endset %}
with
{{ order_hit_ctes }}

classified_hits as (
    {{ classify_hits('order_hits', 'landing_site_url', 'referring_site_url', input_ctes=order_hit_ctes) }}
)

select
    order_hits.order_id,
    classified_hits.source,
    classified_hits.medium,
    classified_hits.campaign,
    classified_hits.content,
    classified_hits.term,
    classified_hits.campaign_id,
    classified_hits.platform,
    classified_hits.ad_platform,
    classified_hits.channel,
    classified_hits.click_id_type,
    classified_hits.click_id
from order_hits
inner join classified_hits
    on classified_hits.hit_url = coalesce(order_hits.landing_site_url, '')
    and classified_hits.hit_referrer = coalesce(order_hits.referring_site_url, '')
where classified_hits.source <> '(direct)'
