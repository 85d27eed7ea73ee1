-- the refunds of the WooCommerce orders taken (woocommerce_rest_orders.sql): each `refunds[]`
-- entry, the positive of its `total`, dated at the order's `date_modified_gmt` (the order list
-- has no refund time), in the order's currency
create or replace temp table __touchline_json_refunds as
with

refund_items as (
    select
        record_number,
        order_id,
        updated_at,
        currency,
        generate_subscripts(refund_entries, 1) as refund_number,
        unnest(refund_entries) as refund
    from __touchline_json_orders
    where len(refund_entries) > 0
)

select
    record_number,
    refund_number,
    refund.id as refund_id,
    order_id,
    updated_at as refunded_at,
    abs(cast(refund.total as decimal(18, 4))) as amount,
    currency
from refund_items
