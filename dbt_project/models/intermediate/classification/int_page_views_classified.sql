-- One row per non-bot page_view event: the touch its landing URL and referrer classify to.
-- A view of the page views (int_page_views) with their hit's touch (int_hits_classified): the
-- touch columns are stored once per distinct hit, not once per page view. The pixel never
-- lands an empty URL or referrer (the loader makes them null), so the hit's '' is a null.
{{ config(materialized='view') }}
{%- set click_ids = classification_click_id_parameters() %}
with

page_views as (

    select * from {{ ref('int_page_views') }}

),

hits as (

    select * from {{ ref('int_hits_classified') }}

),

joined as (

    select
        page_views.event_id,
        page_views.visitor_id,
        page_views.event_at,
        nullif(hits.hit_url, '') as page_url,
        nullif(hits.hit_referrer, '') as referrer_url,
        hits.page_host,
        hits.referrer_host,
        hits.referrer_kind,
        hits.source,
        hits.medium,
        hits.campaign,
        hits.content,
        hits.term,
        hits.campaign_key,
        hits.campaign_id,
        hits.platform,
        hits.ad_platform,
        hits.source_category,
        hits.channel,
        hits.click_id_type,
        hits.click_id,
        {%- for click_id in click_ids %}
        hits.{{ click_id }},
        {%- endfor %}
        hits.is_direct
    from page_views
    inner join hits on hits.hit_key = page_views.hit_key

)

select * from joined
