-- Click IDs at payment time (attribution.md): one row per order with a person, with each of
-- the 12 click-ID parameters set to its most recent value on any page view of any of the
-- person's visitors in [order time - click_id_window_days, order time], else null; and for
-- each, `<click id>_clicked_at`, the time of that page view (the ad platforms' click time).
{%- set click_ids = attribution_click_id_columns() %}
{{ incremental_config(unique_key='order_id', batch_keys='int_incremental_batch_attributed_orders') }}
with

page_views as (
    select * from {{ ref('int_page_views_classified') }}
),

orders as (
    select * from {{ ref('int_orders_person') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

order_times as (
    select order_id, ordered_at from {{ ref('int_orders_revenue') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

-- the identifiers of the persons of the orders recomputed (in a nightly, a few)
identities as (
    select * from {{ ref('int_identity_components') }}
    {%- if is_incremental() %}
    where person_id in (select orders.person_id from orders)
    {%- endif %}
),

-- the page views that carry any click ID, read once (most carry none)
clicked_page_views as (
    select visitor_id, event_id, event_at, {{ click_ids | join(', ') }}
    from page_views
    where ({% for click_id in click_ids %}coalesce({{ click_id }}, '') <> ''{{ " or " if not loop.last }}{% endfor %})
    {%- if is_incremental() %}
      and visitor_id in (select identities.identifier from identities where identities.identifier_type = 'visitor_id')
    {%- endif %}
),

-- one row per page view and click-ID parameter it carries
click_id_values as (
    {%- for click_id in click_ids %}
    select visitor_id, event_id, event_at, '{{ click_id }}' as parameter, {{ click_id }} as value
    from clicked_page_views
    where {{ click_id }} is not null and {{ click_id }} <> ''
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

person_click_ids as (
    select click_id_values.*, identities.person_id
    from click_id_values
    inner join identities
        on identities.identifier_type = 'visitor_id'
        and identities.identifier = click_id_values.visitor_id
),

person_orders as (
    select orders.order_id, orders.person_id, order_times.ordered_at
    from orders
    inner join order_times on order_times.order_id = orders.order_id
    where orders.person_id is not null
),

in_window as (
    select
        person_orders.order_id,
        person_click_ids.parameter,
        person_click_ids.value,
        person_click_ids.event_at,
        row_number() over (
            partition by person_orders.order_id, person_click_ids.parameter
            order by person_click_ids.event_at desc, person_click_ids.event_id desc
        ) as recency
    from person_orders
    inner join person_click_ids
        on person_click_ids.person_id = person_orders.person_id
        and person_click_ids.event_at <= person_orders.ordered_at
        and person_click_ids.event_at >= {{ dbt.dateadd('day', -var('click_id_window_days', 90), 'person_orders.ordered_at') }}
),

latest as (
    select * from in_window where recency = 1
)

select
    person_orders.order_id,
    {%- for click_id in click_ids %}
    max(case when latest.parameter = '{{ click_id }}' then latest.value end) as {{ click_id }},
    {%- endfor %}
    {%- for click_id in click_ids %}
    max(case when latest.parameter = '{{ click_id }}' then latest.event_at end) as {{ click_id }}_clicked_at{{ "," if not loop.last }}
    {%- endfor %}
from person_orders
left join latest on latest.order_id = person_orders.order_id
group by person_orders.order_id
