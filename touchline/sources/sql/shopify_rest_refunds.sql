-- the refunds of the orders taken, with their order's id and currency
create or replace temp table __touchline_json_refunds as
select
    refund_rows.record_number,
    refund_rows.refund_number,
    refund_rows.refund_id,
    orders.order_id,
    refund_rows.refunded_at,
    cast(refund_rows.amount as decimal(18, 4)) as amount,
    coalesce(refund_rows.currency, orders.currency) as currency
from __touchline_json_refund_rows as refund_rows
inner join __touchline_json_orders as orders on orders.record_number = refund_rows.record_number
where refund_rows.amount <> 0
