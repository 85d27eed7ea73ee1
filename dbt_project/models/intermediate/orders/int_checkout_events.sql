-- The human checkout_completed events: one row per event. The orders' models read the few
-- checkout events here instead of scanning every landed event each build. Incremental by
-- event, like int_page_views.
{{ incremental_config(unique_key='event_id', batch_keys='int_incremental_batch_events') }}
with

pixel_events as (
    select * from {{ ref('stg_pixel_events') }}
)

select
    event_id,
    visitor_id,
    event_at,
    order_id,
    page_url,
    user_agent,
    pixel_revenue,
    pixel_currency
from pixel_events
where event_type = 'checkout_completed'
  and not is_bot
  and {{ in_incremental_batch('event_id', 'int_incremental_batch_events') }}
