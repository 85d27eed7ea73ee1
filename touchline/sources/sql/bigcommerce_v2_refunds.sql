-- the refund of each BigCommerce order taken (bigcommerce_v2_orders.sql) whose
-- `refunded_amount` is positive: `<order id>-refunded`, dated at `date_modified` (else
-- `date_created`: the list has no refund time), in the order's currency
create or replace temp table __touchline_json_refunds as
select
    record_number,
    1 as refund_number,
    order_id || '-refunded' as refund_id,
    order_id,
    refunded_at,
    cast(refunded_text as decimal(18, 4)) as amount,
    currency
from __touchline_json_orders
where refunded_text is not null
