-- The refunds of the orders DuckDB mapped (orders_json_sql.py): on their order's line, in the
-- order of its `refunds` list.
insert into raw.refunds (load_id, file_path, line_number, refund_id, order_id, refunded_at, amount, currency)
select $load_id, $file_path, record_number, refund_id, order_id, refunded_at, amount, currency
from __touchline_json_refunds
order by record_number, refund_number
