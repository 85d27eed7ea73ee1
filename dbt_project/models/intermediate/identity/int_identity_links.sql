-- Every link between two identifiers that the data asserts, before the guardrails: one row
-- per link occurrence (not deduplicated), so degrees can be counted from it.
--
-- Incremental by link key: an event's links depend on that event alone (its kept copy), an
-- order's and its checkouts' on the order and its checkout events; a build recomputes the
-- keys its loads touch (int_incremental_batch_links). The batch's events and orders are
-- picked by their plain ids (the `e:` keys are the batch's events, the `o:` keys name its
-- orders), so no key is built for each landed event or order only to probe the batch.
{{ incremental_config(unique_key='link_key', batch_keys='int_incremental_batch_links') }}
with

pixel_events as (
    select * from {{ ref('stg_pixel_events') }}
),

orders as (
    select * from {{ ref('stg_orders') }}
),

-- the human checkout events, kept apart (a few percent of the events)
checkout_events as (
    select * from {{ ref('int_checkout_events') }}
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
    where {{ in_incremental_batch('event_id', 'int_incremental_batch_events') }}
),

batch_orders as (
    select * from clean_orders
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_links', identity_link_id('link_key'),
                                  where=identity_link_is_order('link_key')) }}
),

{#- Every kind of link: which rows assert it (a CTE above), the key its rows are recomputed
    by, and the two identifiers it joins. The next link is one line here. -#}
{%- set links = [
    {'name': 'event_email', 'rows': 'batch_events', 'key': ("'event'", 'event_id'), 'a': 'visitor_id', 'b': 'email_hash', 'link_source': 'event'},
    {'name': 'event_customer', 'rows': 'batch_events', 'key': ("'event'", 'event_id'), 'a': 'visitor_id', 'b': 'customer_id', 'link_source': 'event'},
    {'name': 'checkout_email', 'rows': 'checkouts', 'key': ("'order'", 'order_id'), 'a': 'visitor_id', 'b': 'email_hash', 'link_source': 'checkout'},
    {'name': 'checkout_customer', 'rows': 'checkouts', 'key': ("'order'", 'order_id'), 'a': 'visitor_id', 'b': 'customer_id', 'link_source': 'checkout'},
    {'name': 'order', 'rows': 'batch_orders', 'key': ("'order'", 'order_id'), 'a': 'email_hash', 'b': 'customer_id', 'link_source': 'order'},
] %}

checkouts as (
    select batch_orders.order_id, checkout_events.visitor_id, batch_orders.email_hash, batch_orders.customer_id
    from checkout_events
    inner join batch_orders on batch_orders.order_id = checkout_events.order_id
),

{%- for link in links %}

{{ link.name }}_links as (
    select {{ identity_link_key(link.key[0], link.key[1]) }} as link_key,
        '{{ link.a }}' as type_a, {{ link.a }} as identifier_a,
        '{{ link.b }}' as type_b, {{ link.b }} as identifier_b, '{{ link.link_source }}' as link_source
    from {{ link.rows }}
    where {{ link.a }} is not null and {{ link.b }} is not null
),
{%- endfor %}

unioned as (
    {%- for link in links %}
    {% if not loop.first %}union all
    {% endif %}select * from {{ link.name }}_links
    {%- endfor %}
)

select
    link_key,
    type_a,
    identifier_a,
    type_b,
    identifier_b,
    link_source
from unioned
