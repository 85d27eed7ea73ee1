-- Orders with no exchange rate at or before their date: their _reporting amounts are null
-- (never converted at 1). One row per order.
select
    order_id,
    order_date,
    currency,
    gross_revenue,
    net_revenue
from {{ ref('int_orders_revenue') }}
where is_missing_fx_rate
