-- What to tell each ad platform about each order (docs/conversions.md). One row per order and
-- destination: the event the platform de-duplicates against its own pixel (event_id = order
-- id), its time, value and currency, the hashed identifiers and the click ID it accepts, and
-- the status: ready, sent, waiting: <reason> or skipped: <reason>.
--
-- Incremental by order: a nightly recomputes every destination's row of
-- - the orders whose attribution it recomputes (int_incremental_batch_attributed_orders: new
--   and re-exported orders, refunds, repriced orders, the orders of persons that merged or
--   split, and the orders a new checkout event names, so their user agent and page too);
-- - the orders with a row whose status the move of the as-of time changes (a window closed,
--   a refund delay ended): only the last two branches of the status read the as-of time, so
--   a stored 'skipped: too old', 'waiting: refund delay' or 'ready' that those branches
--   would now give differently (conversions_status_at);
-- - the orders whose latest export in the ledger differs from the one the row was built
--   with, and every order with a ledger row as new as the newest one the table knew (an
--   export written since; a later export of the same order at the same second could
--   otherwise look unchanged).
-- Everything else on a row depends on these alone, so the rest stay as they are.
{%- set destinations = conversions_destinations() %}
{%- set refund_policy = conversions_refund_policy() %}
{%- set net_delay_days = var('conversions_net_delay_days', 3) | int %}
{{ incremental_config(
    unique_key='order_id',
    batch_keys='int_incremental_batch_attributed_orders',
    on_schema_change='fail',
) }}
{%- set recomputed -%}
    {%- if is_incremental() -%}
    {{ incremental_batch_or_full('order_id in (select order_id from recomputed_orders)', '(select is_full from batch)') }}
    {%- else -%}
    true
    {%- endif -%}
{%- endset %}
-- depends_on: {{ ref('int_incremental_batch') }}
-- depends_on: {{ ref('int_incremental_batch_attributed_orders') }}
with

as_of as (
    select as_of_at from {{ ref('int_conversions_as_of') }}
),

latest_exports as (
    select * from {{ ref('int_conversions_latest_exports') }}
),

{%- if is_incremental() %}

batch as (
    select * from {{ ref('int_incremental_batch') }}
),

attributed_orders as (
    select * from {{ ref('int_incremental_batch_attributed_orders') }}
),

previous as (
    select destination, order_id, status, send_after_at, accepted_until, exported_value, last_exported_at
    from {{ this }}
),

-- rows whose as-of branches would now say something else
window_moved_orders as (
    select previous.order_id
    from previous
    cross join as_of
    where previous.status in ('ready', 'waiting: refund delay', 'skipped: too old')
      and previous.status <> {{ conversions_status_at('previous.accepted_until', 'previous.send_after_at', 'as_of.as_of_at') }}
),

-- the rows' latest exports against the ledger's now
reexported_orders as (
    select coalesce(previous.order_id, latest_exports.order_id) as order_id
    from (select * from previous where last_exported_at is not null) as previous
    full outer join latest_exports
        on latest_exports.destination = previous.destination
        and latest_exports.order_id = previous.order_id
    where previous.order_id is null
       or latest_exports.order_id is null
       or previous.last_exported_at <> latest_exports.last_exported_at
       or previous.exported_value <> latest_exports.exported_value
    union
    select latest_exports.order_id
    from latest_exports
    where latest_exports.last_exported_at >= (select max(previous.last_exported_at) from previous)
),

recomputed_orders as (
    select order_id from attributed_orders
    union
    select order_id from window_moved_orders
    union
    select order_id from reexported_orders
),

{%- endif %}

orders as (
    select
        order_id,
        ordered_at,
        email_hash,
        customer_id,
        currency,
        is_voided,
        is_test,
        gross_revenue,
        net_revenue
    from {{ ref('visitor_payments') }}
    where {{ recomputed }}
),

click_ids as (
    select * from {{ ref('int_attribution_order_click_ids') }}
    where {{ recomputed }}
),

checkout_events as (
    select * from {{ ref('int_checkout_events') }}
    where {{ recomputed }}
),

destinations as (
    {%- for destination in destinations %}
    select
        '{{ destination.name }}' as destination,
        '{{ destination.event_name }}' as event_name,
        {{ destination.matches_on_email }} as matches_on_email,
        {{ destination.matches_on_external_id }} as matches_on_external_id,
        {{ destination.needs_user_agent }} as needs_user_agent,
        {{ destination.has_adjustments }} as has_adjustments
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- the page and browser of the order's checkout (the earliest checkout event that reports it)
checkouts as (
    select
        order_id,
        page_url,
        user_agent,
        row_number() over (partition by order_id order by event_at, event_id) as checkout_rank
    from checkout_events
    where order_id is not null
),

order_destinations as (
    select
        destinations.*,
        orders.*,
        nullif(trim(checkouts.user_agent), '') as user_agent,
        nullif(trim(checkouts.page_url), '') as event_source_url,
        -- the destination's click ID: the first of its parameters the order carries
        case destinations.destination
            {%- for destination in destinations %}
            when '{{ destination.name }}' then case
                {%- for click_id in destination.click_ids %}
                when click_ids.{{ click_id }} is not null then '{{ click_id }}'
                {%- endfor %}
            end
            {%- endfor %}
        end as click_id_type,
        case destinations.destination
            {%- for destination in destinations %}
            when '{{ destination.name }}' then coalesce({% for click_id in destination.click_ids %}click_ids.{{ click_id }}{{ ", " if not loop.last }}{% endfor %}{{ ", null" if destination.click_ids | length == 1 }})
            {%- endfor %}
        end as click_id,
        case destinations.destination
            {%- for destination in destinations %}
            when '{{ destination.name }}' then case
                {%- for click_id in destination.click_ids %}
                when click_ids.{{ click_id }} is not null then click_ids.{{ click_id }}_clicked_at
                {%- endfor %}
            end
            {%- endfor %}
        end as clicked_at
    from orders
    cross join destinations
    left join click_ids on click_ids.order_id = orders.order_id
    left join checkouts
        on checkouts.order_id = orders.order_id
        and checkouts.checkout_rank = 1
),

valued as (
    select
        *,
        nullif(trim(customer_id), '') as trimmed_customer_id,
        -- a platform with adjustments gets the net value and is told about refunds later; the
        -- others get what var conversions_refund_policy says
        case
            when has_adjustments then net_revenue
            {%- if refund_policy == 'net_after_delay' %}
            else net_revenue
            {%- else %}
            else gross_revenue
            {%- endif %}
        end as value,
        case
            when has_adjustments then ordered_at
            {%- if refund_policy == 'net_after_delay' %}
            else {{ dbt.dateadd('day', net_delay_days, 'ordered_at') }}
            {%- else %}
            else ordered_at
            {%- endif %}
        end as send_after_at,
        case destination
            {%- for destination in destinations %}
            {%- if destination.window_from == 'click' %}
            when '{{ destination.name }}' then {{ dbt.dateadd('day', destination.window_days, 'clicked_at') }}
            {%- else %}
            when '{{ destination.name }}' then {{ dbt.dateadd('day', destination.window_days, 'ordered_at') }}
            {%- endif %}
            {%- endfor %}
        end as accepted_until
    from order_destinations
),

identified as (
    select
        *,
        (matches_on_email and email_hash is not null)
        or (matches_on_external_id and trimmed_customer_id is not null)
        or click_id is not null as has_identifier
    from valued
),

statused as (
    select
        identified.*,
        latest_exports.exported_value,
        latest_exports.exported_currency,
        latest_exports.last_export_action,
        latest_exports.last_exported_at,
        case
            -- already told: unchanged, or changed on a platform that takes adjustments
            when latest_exports.order_id is not null then case
                when latest_exports.last_export_action = 'retraction' then 'sent'
                when latest_exports.exported_value = identified.value
                    and latest_exports.exported_currency = identified.currency then 'sent'
                when identified.has_adjustments then 'ready'
                else 'sent'
            end
            when identified.is_test then 'skipped: test order'
            when identified.is_voided then 'skipped: voided order'
            when not identified.has_identifier then case
                when identified.matches_on_external_id then 'skipped: no email, customer id or click ID'
                when identified.matches_on_email then 'skipped: no email or click ID'
                else 'skipped: no click ID'
            end
            when identified.needs_user_agent and identified.user_agent is null
                then 'skipped: no user agent (no checkout event)'
            -- Google's click-conversion upload template has a column for the gclid only
            when identified.destination = 'google_ads' and identified.click_id_type <> 'gclid'
                then 'skipped: gbraid/wbraid only (the upload template takes a gclid)'
            when identified.value <= 0 then 'skipped: no revenue'
            else {{ conversions_status_at('identified.accepted_until', 'identified.send_after_at', 'as_of.as_of_at') }}
        end as status
    from identified
    cross join as_of
    left join latest_exports
        on latest_exports.destination = identified.destination
        and latest_exports.order_id = identified.order_id
),

final as (
    select
        destination,
        order_id,
        order_id as event_id,
        event_name,
        ordered_at as event_at,
        cast(value as decimal(18, 4)) as value,
        currency,
        email_hash,
        case when trimmed_customer_id is not null then {{ attribution_sha256('trimmed_customer_id') }} end as external_id_hash,
        click_id_type,
        click_id,
        clicked_at,
        user_agent,
        event_source_url,
        send_after_at,
        accepted_until,
        status,
        case
            when status <> 'ready' then null
            when last_exported_at is null then 'conversion'
            when value <= 0 then 'retraction'
            else 'restatement'
        end as export_action,
        cast(exported_value as decimal(18, 4)) as exported_value,
        last_exported_at
    from statused
)

select * from final
