-- One row per distinct hit (landing URL, referrer) of the landed page views: the touch it
-- classifies to (classification.md), keyed by hit_key. A touch is stored once per hit, not
-- once per page view (7.8M page views share 2.0M hits at 10M events), and page views carry
-- only the key (int_page_views; int_page_views_classified joins the two).
--
-- Incremental by load: a hit's touch depends on the hit alone (and the code and settings,
-- whose change rebuilds every hit), so a build classifies the hits of the loads it takes in.
-- Every landed page_view line counts, bots and retried copies included: the set only grows
-- with the landed rows, and a full build gives the same rows.
{{ incremental_config(unique_key='hit_key') }}
-- the classifier seeds read inside classify_hits, declared here so unit tests can resolve them:
-- depends_on: {{ ref('classification_host_entries') }}, {{ ref('classification_source_aliases') }}
-- depends_on: {{ ref('classification_click_ids') }}, {{ ref('classification_click_id_referrer_platforms') }}
-- depends_on: {{ ref('classification_category_media') }}, {{ ref('classification_channel_rules') }}
-- depends_on: {{ ref('classification_unwanted_referrers') }}, {{ ref('classification_junk_values') }}
-- depends_on: {{ ref('classification_host_shapes') }}, {{ ref('classification_search_params') }}
-- the batch's page views, also handed to classify_hits, whose stages on Spark read them
{%- set page_view_ctes %}
batch as (
    select * from {{ ref('int_incremental_batch') }}
),

landed as (
    select load_id, event_type, url, referrer from {{ source('landing', 'pixel_events') }}
),

batch_page_views as (
    select landed.url, landed.referrer
    from landed
    cross join batch
    where lower(landed.event_type) = 'page_view'
    {%- if is_incremental() %}
      and {{ incremental_batch_or_full('landed.load_id > batch.from_load_id', 'batch.is_full') }}
    {%- endif %}
),
{%- endset %}
with
{{ page_view_ctes }}

-- one row per distinct (url, referrer); classified per distinct key inside
classified_hits as (

    {{ classify_hits('batch_page_views', 'url', 'referrer', input_ctes=page_view_ctes) }}

)

select
    {{ classification_hit_key('hit_url', 'hit_referrer') }} as hit_key,
    classified_hits.*
from classified_hits
