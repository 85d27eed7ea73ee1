-- each `refunds` entry of every order line DuckDB may map (shopify_graphql_order_lines.sql),
-- numbered in its list, as JSON text: what shopify_graphql_refund_rows.sql reads
create or replace temp table __touchline_json_refund_items as
with

refund_lists as (
    select
        record_number,
        json_extract(refunds_json, '$[*]') as refund_list
    from __touchline_bulk_order_lines
    where left(refunds_json, 1) = '['
)

select
    record_number,
    generate_subscripts(refund_list, 1) as refund_number,
    unnest(refund_list) as refund
from refund_lists
