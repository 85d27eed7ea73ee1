-- One row per exported order: who placed it, what it was worth after refunds, where the
-- customer first and last came from, and the ad click IDs carried at payment time.
{%- set touch_columns = ['session_id', 'at'] + attribution_touch_columns() %}
{{ incremental_config(
    unique_key='order_id',
    batch_keys='int_incremental_batch_attributed_orders',
    on_schema_change='fail',
) }}
with

revenue as (
    select * from {{ ref('int_orders_revenue') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

order_people as (
    select * from {{ ref('int_orders_person') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

attributed as (
    select * from {{ ref('int_attribution_orders') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

conversion as (
    select * from {{ ref('int_attribution_conversion') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

click_ids as (
    select * from {{ ref('int_attribution_order_click_ids') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

sessions as (
    select session_id, visitor_id from {{ ref('int_sessions') }}
),

final as (
    select
        revenue.order_id,
        revenue.ordered_at,
        revenue.order_date,
        order_people.person_id,
        -- the checkout's visitor, else the visitor of the last touch's session
        coalesce(order_people.checkout_visitor_id, last_touch_sessions.visitor_id) as visitor_id,
        order_people.email_hash,
        order_people.customer_id,
        order_people.person_match,
        conversion.is_first_order,
        revenue.currency,
        revenue.financial_status,
        revenue.is_voided,
        revenue.is_test,
        revenue.gross_revenue,
        revenue.refunded_amount,
        revenue.net_revenue,
        revenue.refund_count,
        revenue.has_excess_refund,
        revenue.fx_rate,
        revenue.gross_revenue_reporting,
        revenue.refunded_amount_reporting,
        revenue.net_revenue_reporting,
        attributed.attribution_status,
        {%- for side in ['first', 'last'] %}
        {%- for column in touch_columns %}
        attributed.{{ side }}_touch_{{ column }},
        {%- endfor %}
        {%- endfor %}
        {%- for click_id in attribution_click_id_columns() %}
        click_ids.{{ click_id }},
        {%- endfor %}
        conversion.days_to_convert,
        conversion.sessions_to_convert
    from revenue
    inner join order_people on order_people.order_id = revenue.order_id
    inner join attributed on attributed.order_id = revenue.order_id
    inner join conversion on conversion.order_id = revenue.order_id
    left join click_ids on click_ids.order_id = revenue.order_id
    left join sessions as last_touch_sessions on last_touch_sessions.session_id = attributed.last_touch_session_id
)

select * from final
