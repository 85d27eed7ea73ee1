-- Every identifier that takes part in identity resolution: one row per identifier. Every
-- human visitor is a node (a visitor that never identifies is a person of its own), and so
-- is every email hash and customer id seen on events or orders, except blocked ones.
with

pixel_events as (
    select * from {{ ref('stg_pixel_events') }}
),

links as (
    select * from {{ ref('int_identity_links') }}
),

orders as (
    select * from {{ ref('stg_orders') }}
),

blocked as (
    select * from {{ ref('int_identity_blocked_identifiers') }}
),

visitors as (
    select distinct 'visitor_id' as identifier_type, visitor_id as identifier
    from pixel_events
    where not is_bot
      and event_type in ('page_view', 'identify', 'checkout_completed')
),

linked_identifiers as (
    select type_a as identifier_type, identifier_a as identifier from links
    union
    select type_b as identifier_type, identifier_b as identifier from links
),

order_emails as (
    select distinct 'email_hash' as identifier_type, nullif(trim(email_hash), '') as identifier
    from orders
),

order_customers as (
    select distinct 'customer_id' as identifier_type, nullif(trim(customer_id), '') as identifier
    from orders
),

unioned as (
    select identifier_type, identifier from visitors
    union
    select identifier_type, identifier from linked_identifiers
    union
    select identifier_type, identifier from order_emails
    union
    select identifier_type, identifier from order_customers
)

select
    {{ attribution_node_key('unioned.identifier_type', 'unioned.identifier') }} as node_key,
    unioned.identifier_type,
    unioned.identifier
from unioned
left join blocked
    on blocked.identifier_type = unioned.identifier_type
    and blocked.identifier = unioned.identifier
where unioned.identifier is not null
  and blocked.identifier is null
