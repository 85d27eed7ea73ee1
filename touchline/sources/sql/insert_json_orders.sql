-- The orders DuckDB mapped from a JSON orders file (orders_json_sql.py), in record order.
insert into raw.orders (
    load_id, file_path, line_number, order_id, created_at, updated_at, email_hash, customer_id, currency,
    total_price, financial_status, landing_site, referring_site, is_test
)
select
    $load_id, $file_path, record_number, order_id, created_at, updated_at, email_hash, customer_id, currency,
    total_price, financial_status, landing_site, referring_site, is_test
from __touchline_json_orders
order by record_number
