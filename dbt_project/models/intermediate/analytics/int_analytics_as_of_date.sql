-- The build's as-of date (analytics.md): one row. The latest date in the landed data (pixel
-- events, orders, refunds in the reporting time zone; spend days as exported), unless var
-- as_of_date sets it. Never the wall clock: the same files give the same tables.
{%- set as_of_var = var('as_of_date', none) %}
{%- if as_of_var is not none and (as_of_var | string | trim) not in ('', 'none', 'None', 'null') %}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', as_of_var | string | trim) %}
        {{ exceptions.raise_compiler_error("var as_of_date must be a date YYYY-MM-DD (or null for the latest landed date), got " ~ as_of_var) }}
    {%- endif %}
{%- endif %}
with

pixel_events as (
    select event_at from {{ ref('stg_pixel_events') }}
),

orders as (
    select ordered_at from {{ ref('stg_orders') }}
),

refunds as (
    select refunded_at from {{ ref('stg_refunds') }}
),

spend as (
    select date_day from {{ ref('stg_spend') }}
),

latest_dates as (
    select max({{ attribution_local_date('event_at') }}) as latest_date, 'pixel' as source_kind from pixel_events
    union all
    select max({{ attribution_local_date('ordered_at') }}), 'orders' from orders
    union all
    select max({{ attribution_local_date('refunded_at') }}), 'refunds' from refunds
    union all
    select max(date_day), 'spend' from spend
),

landed as (
    select max(latest_date) as latest_landed_date
    from latest_dates
),

final as (
    select
        {%- if as_of_var is not none and (as_of_var | string | trim) not in ('', 'none', 'None', 'null') %}
        cast('{{ as_of_var | string | trim }}' as date) as as_of_date,
        true as is_set_by_var,
        {%- else %}
        latest_landed_date as as_of_date,
        false as is_set_by_var,
        {%- endif %}
        latest_landed_date
    from landed
)

select * from final
