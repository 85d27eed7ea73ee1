-- each `refunds` entry of every record parsed (shopify_rest_parsed.sql), numbered in its list,
-- as JSON text: what shopify_rest_refund_rows.sql reads (GraphQL orders: shopify_graphql_refund_items.sql)
create or replace temp table __touchline_json_refund_items as
with

refund_lists as (
    select
        record_number,
        json_extract(json_values.refunds, '$[*]') as refund_list
    from __touchline_json_parsed
    where left(json_values.refunds, 1) = '['
)

select
    record_number,
    generate_subscripts(refund_list, 1) as refund_number,
    unnest(refund_list) as refund
from refund_lists
