-- one row per non-bot page_view event: the touch its landing URL and referrer classify to.
-- Incremental by event: a build classifies the page views of its batch events only.
{{ config(
    materialized='incremental',
    incremental_strategy='replace_batch',
    unique_key='event_id',
    batch_keys='int_incremental_batch_events',
) }}
{%- set click_ids = classification_click_id_parameters() %}
-- the classifier seeds read inside classify_hits, declared here so unit tests can resolve them:
-- depends_on: {{ ref('classification_host_entries') }}, {{ ref('classification_source_aliases') }}
-- depends_on: {{ ref('classification_click_ids') }}, {{ ref('classification_click_id_referrer_platforms') }}
-- depends_on: {{ ref('classification_category_media') }}, {{ ref('classification_channel_rules') }}
-- depends_on: {{ ref('classification_unwanted_referrers') }}, {{ ref('classification_junk_values') }}
with

pixel_events as (

    select * from {{ ref('stg_pixel_events') }}

),

page_views as (

    select
        event_id,
        visitor_id,
        event_at,
        page_url,
        referrer_url
    from pixel_events
    where event_type = 'page_view'
        and not is_bot
        and {{ in_incremental_batch('event_id', 'int_incremental_batch_events') }}

),

-- one row per distinct (page_url, referrer_url); classified per distinct key inside
classified_hits as (

    {{ classify_hits('page_views', 'page_url', 'referrer_url') }}

),

joined as (

    select
        page_views.event_id,
        page_views.visitor_id,
        page_views.event_at,
        page_views.page_url,
        page_views.referrer_url,
        classified_hits.page_host,
        classified_hits.referrer_host,
        classified_hits.referrer_kind,
        classified_hits.source,
        classified_hits.medium,
        classified_hits.campaign,
        classified_hits.content,
        classified_hits.term,
        classified_hits.campaign_key,
        classified_hits.campaign_id,
        classified_hits.platform,
        classified_hits.ad_platform,
        classified_hits.source_category,
        classified_hits.channel,
        classified_hits.click_id_type,
        classified_hits.click_id,
        {%- for click_id in click_ids %}
        classified_hits.{{ click_id }},
        {%- endfor %}
        classified_hits.is_direct
    from page_views
    inner join classified_hits
        on coalesce(page_views.page_url, '') = classified_hits.hit_url
        and coalesce(page_views.referrer_url, '') = classified_hits.hit_referrer

)

select * from joined
