-- Refunds in a currency other than their order's, with no rate to convert them on their
-- refund date (attribution.md): they count in no revenue, never converted at 1, and apply as
-- soon as the rates land. One row per refund.
select
    refund_id,
    order_id,
    refunded_at,
    refund_date,
    currency,
    refund_amount,
    order_currency,
    file_path,
    line_number
from {{ ref('int_refunds_converted') }}
where is_missing_fx_rate
