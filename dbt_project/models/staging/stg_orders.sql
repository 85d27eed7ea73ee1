-- one row per order: its latest known state. The newest updated_at wins; rows without one
-- lose to rows with one, and among them the file whose path sorts last wins (landing.md).
-- A relative landing_site (Shopify records `/products/x?utm_source=...`) is resolved against
-- the store's own domain, the first entry of var internal_hosts, so the page has the shop's
-- host and the shop as referrer is internal, never a referral (docs/sources.md).
--
-- Incremental by order: a build re-ranks the states of the order ids of its loads only, which
-- the incremental bookkeeping (int_incremental_batch_orders) names: a listed layer exception
-- (docs/architecture.md). As a view, every model reading the orders ranked all their landed
-- states again (a dozen a build; 1.8 M rows at 10 M events).
{{ incremental_config(unique_key='order_id', batch_keys='int_incremental_batch_orders') }}
{%- set store_hosts = var('internal_hosts', []) %}
{%- set store_host = (store_hosts[0] | string | trim | lower | replace("'", "")) if store_hosts else '' %}
with

source as (

    select * from {{ source('landing', 'orders') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_orders') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by order_id
            order by updated_at desc nulls last, file_path desc, line_number desc
        ) as recency
    from source

),

renamed as (

    select
        order_id,
        created_at as ordered_at,
        updated_at,
        email_hash,
        customer_id,
        currency,
        total_price,
        lower(financial_status) as financial_status,
        {% if store_host -%}
        case
            when landing_site like '/%' then {{ dbt.concat(["'https://" ~ store_host ~ "'", "landing_site"]) }}
            else landing_site
        end as landing_site_url,
        {%- else -%}
        landing_site as landing_site_url,
        {%- endif %}
        referring_site as referring_site_url,
        is_test,
        coalesce(lower(financial_status) = 'voided', false) as is_voided,
        load_id,
        file_path,
        line_number
    from ranked
    where recency = 1

)

select * from renamed
