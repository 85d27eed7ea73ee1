-- Records whose amount a rate takes beyond one record's limit (macro money_record_limit:
-- decimal(18,4) less the digits kept for totals): their converted amount is null instead of
-- an overflow that would fail every build, and this names each one's file and line, so the
-- user can fix the export or the rate. One row per order, refund or spend row.
with

orders as (
    select * from {{ ref('int_orders_revenue') }}
),

staged_orders as (
    select * from {{ ref('stg_orders') }}
),

refunds as (
    select * from {{ ref('int_refunds_converted') }}
),

spend as (
    select * from {{ ref('int_analytics_spend') }}
),

order_rows as (
    select
        'orders' as record_kind,
        orders.order_id as record_key,
        staged_orders.file_path,
        staged_orders.line_number,
        orders.currency,
        greatest(orders.gross_revenue, orders.refunded_amount) as amount,
        '{{ var("reporting_currency") }}' as converted_into,
        'gross or refunded amount × fx rate beyond the record limit' as reason
    from orders
    inner join staged_orders on staged_orders.order_id = orders.order_id
    where orders.is_reporting_out_of_range
),

refund_rows as (
    select
        'refunds' as record_kind,
        refund_id as record_key,
        file_path,
        line_number,
        currency,
        refund_amount as amount,
        order_currency as converted_into,
        'refund amount in its order''s currency beyond the record limit' as reason
    from refunds
    where is_out_of_range
),

spend_rows as (
    select
        'spend' as record_kind,
        spend_row_key as record_key,
        file_path,
        line_number,
        currency,
        spend as amount,
        '{{ var("reporting_currency") }}' as converted_into,
        'spend × fx rate beyond the record limit' as reason
    from spend
    where is_reporting_out_of_range
)

select * from order_rows
union all
select * from refund_rows
union all
select * from spend_rows
