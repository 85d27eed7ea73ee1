-- Every link between two identifiers that the data asserts, before the guardrails: one row
-- per link occurrence (not deduplicated), so degrees can be counted from it.
--
-- Incremental by link key: an event's links depend on that event alone (its kept copy), an
-- order's and its checkouts' on the order and its checkout events; a build recomputes the
-- keys its loads touch (int_incremental_batch_links).
{{ incremental_config(unique_key='link_key', batch_keys='int_incremental_batch_links') }}
with

pixel_events as (
    select * from {{ ref('stg_pixel_events') }}
),

orders as (
    select * from {{ ref('stg_orders') }}
),

-- bots never reach attribution, so they cannot join identities either
human_events as (
    select
        event_id,
        visitor_id,
        event_type,
        nullif(trim(email_hash), '') as email_hash,
        nullif(trim(customer_id), '') as customer_id,
        order_id
    from pixel_events
    where not is_bot
      and event_type in ('page_view', 'identify', 'checkout_completed')
),

clean_orders as (
    select
        order_id,
        nullif(trim(email_hash), '') as email_hash,
        nullif(trim(customer_id), '') as customer_id
    from orders
),

batch_events as (
    select * from human_events
    where {{ in_incremental_batch(identity_link_key("'event'", 'event_id'), 'int_incremental_batch_links', 'link_key') }}
),

batch_orders as (
    select * from clean_orders
    where {{ in_incremental_batch(identity_link_key("'order'", 'order_id'), 'int_incremental_batch_links', 'link_key') }}
),

event_email_links as (
    select {{ identity_link_key("'event'", 'event_id') }} as link_key,
        'visitor_id' as type_a, visitor_id as identifier_a,
        'email_hash' as type_b, email_hash as identifier_b, 'event' as link_source
    from batch_events
    where email_hash is not null
),

event_customer_links as (
    select {{ identity_link_key("'event'", 'event_id') }} as link_key,
        'visitor_id' as type_a, visitor_id as identifier_a,
        'customer_id' as type_b, customer_id as identifier_b, 'event' as link_source
    from batch_events
    where customer_id is not null
),

checkouts as (
    select batch_orders.order_id, human_events.visitor_id, batch_orders.email_hash, batch_orders.customer_id
    from human_events
    inner join batch_orders on batch_orders.order_id = human_events.order_id
    where human_events.event_type = 'checkout_completed'
),

checkout_email_links as (
    select {{ identity_link_key("'order'", 'order_id') }} as link_key,
        'visitor_id' as type_a, visitor_id as identifier_a,
        'email_hash' as type_b, email_hash as identifier_b, 'checkout' as link_source
    from checkouts
    where email_hash is not null
),

checkout_customer_links as (
    select {{ identity_link_key("'order'", 'order_id') }} as link_key,
        'visitor_id' as type_a, visitor_id as identifier_a,
        'customer_id' as type_b, customer_id as identifier_b, 'checkout' as link_source
    from checkouts
    where customer_id is not null
),

order_links as (
    select {{ identity_link_key("'order'", 'order_id') }} as link_key,
        'email_hash' as type_a, email_hash as identifier_a,
        'customer_id' as type_b, customer_id as identifier_b, 'order' as link_source
    from batch_orders
    where email_hash is not null and customer_id is not null
),

unioned as (
    select * from event_email_links
    union all
    select * from event_customer_links
    union all
    select * from checkout_email_links
    union all
    select * from checkout_customer_links
    union all
    select * from order_links
)

select
    link_key,
    type_a,
    identifier_a,
    type_b,
    identifier_b,
    link_source
from unioned
