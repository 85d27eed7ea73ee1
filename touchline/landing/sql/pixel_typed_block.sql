-- Events as text fields (__touchline_pixel_fields: line_number and the landing contract's pixel
-- fields, `ts_text` / `received_at_text` the timestamps as written) typed as the Python parser
-- types them (touchline/landing/pixel_sql.py lists the rules): a row is kept only when every
-- field-level rule holds, so every other one goes to Python. The canonical lines fill the
-- fields from their JSON (pixel_parse_block.sql), trackers' events from their own format
-- (touchline/sources/events_sql.py). $earliest_at and $latest_at: the run's date window.
create or replace temp table __touchline_pixel_block as
with

-- Each timestamp's text split and typed in one projection (DuckDB computes the split once for
-- the several uses the macro makes of it), kept as a column: the filter below reads typed
-- timestamps, and DuckDB, which copies that filter into the materialized CTE, copies only
-- column comparisons, not the regexes and casts (docs/benchmarks.md, full build sixth round)
typed as materialized (
    select
        *,
        __touchline_pixel_utc(__touchline_pixel_ts_parts(ts_text)) as ts_utc,
        __touchline_pixel_utc(__touchline_pixel_ts_parts(received_at_text)) as received_at_utc
    from __touchline_pixel_fields
)

select
    line_number,
    event_id,
    event_type,
    ts_utc as ts,
    received_at_utc as received_at,
    visitor_id,
    nullif(url, '') as url,
    nullif(referrer, '') as referrer,
    nullif(user_agent, '') as user_agent,
    lower(email_hash) as email_hash,
    nullif(customer_id, '') as customer_id,
    nullif(order_id, '') as order_id,
    nullif(currency, '') as currency
from typed
-- the required fields hold a printable ASCII character, so Python's "blank" test cannot differ
where
    regexp_matches(event_id, '[!-~]')
    and regexp_matches(event_type, '[!-~]')
    and regexp_matches(visitor_id, '[!-~]')
    and ts_utc is not null
    and (
        received_at_text is null or received_at_text = ''
        or (received_at_utc is not null and ts_utc - received_at_utc <= interval 1 day)
    )
    and (event_type <> 'page_view' or regexp_matches(url, '[!-~]'))
    and (event_type <> 'checkout_completed' or regexp_matches(order_id, '[!-~]'))
    and (email_hash is null or regexp_full_match(email_hash, '[0-9a-fA-F]{64}'))
    and email is null
    and revenue is null
    and ts_utc between $earliest_at and $latest_at
    and (received_at_utc is null or received_at_utc between $earliest_at and $latest_at)
