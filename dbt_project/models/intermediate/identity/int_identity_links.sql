-- Every link between two identifiers that the data asserts, before the guardrails: one row
-- per link occurrence (not deduplicated), so degrees can be counted from it.
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

event_email_links as (
    select 'visitor_id' as type_a, visitor_id as identifier_a,
        'email_hash' as type_b, email_hash as identifier_b, 'event' as link_source
    from human_events
    where email_hash is not null
),

event_customer_links as (
    select 'visitor_id' as type_a, visitor_id as identifier_a,
        'customer_id' as type_b, customer_id as identifier_b, 'event' as link_source
    from human_events
    where customer_id is not null
),

checkouts as (
    select human_events.visitor_id, clean_orders.email_hash, clean_orders.customer_id
    from human_events
    inner join clean_orders on clean_orders.order_id = human_events.order_id
    where human_events.event_type = 'checkout_completed'
),

checkout_email_links as (
    select 'visitor_id' as type_a, visitor_id as identifier_a,
        'email_hash' as type_b, email_hash as identifier_b, 'checkout' as link_source
    from checkouts
    where email_hash is not null
),

checkout_customer_links as (
    select 'visitor_id' as type_a, visitor_id as identifier_a,
        'customer_id' as type_b, customer_id as identifier_b, 'checkout' as link_source
    from checkouts
    where customer_id is not null
),

order_links as (
    select 'email_hash' as type_a, email_hash as identifier_a,
        'customer_id' as type_b, customer_id as identifier_b, 'order' as link_source
    from clean_orders
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
    type_a,
    identifier_a,
    type_b,
    identifier_b,
    link_source
from unioned
