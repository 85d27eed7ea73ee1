-- The lines of one block (__touchline_pixel_lines: line_number, line) that DuckDB can vouch
-- for, typed as the Python parser types them (touchline/landing/pixel_sql.py lists the
-- rules); every other line goes to Python. $earliest_at and $latest_at: the run's date window.
create or replace temp table __touchline_pixel_block as
with

-- Cheap text checks first; DuckDB may evaluate conditions in any order, so the JSON
-- functions sit behind a case that only reaches lines DuckDB can parse.
candidates as (
    select
        line_number,
        line,
        starts_with(line, '{')
        and not contains(line, '@')
        and not contains(line, '%40')
        and not contains(line, '%25')
        and not contains(line, '\u')
        -- a value after a key that is neither a string nor null, or a trailing comma; inside
        -- a JSON string a quote is escaped, so a match there is only a false alarm
        and not regexp_matches(line, '"\s*:\s*(?:[^"\sn]|n[^u])|,\s*\}')
        and json_valid(line) as is_candidate
    from __touchline_pixel_lines
),

objects as materialized (
    select
        line_number,
        case
            when is_candidate then from_json(line, '{
                "event_id": "VARCHAR", "event_type": "VARCHAR", "ts": "VARCHAR",
                "received_at": "VARCHAR", "visitor_id": "VARCHAR", "url": "VARCHAR",
                "referrer": "VARCHAR", "user_agent": "VARCHAR", "email_hash": "VARCHAR",
                "email": "VARCHAR", "customer_id": "VARCHAR", "order_id": "VARCHAR",
                "revenue": "VARCHAR", "currency": "VARCHAR"
            }')
        end as j,
        case when is_candidate then json_keys(line) end as keys
    from candidates
    where is_candidate
),

split as materialized (
    select
        objects.line_number,
        objects.j.event_id,
        objects.j.event_type,
        objects.j.ts as ts_text,
        objects.j.received_at as received_at_text,
        objects.j.visitor_id,
        objects.j.url,
        objects.j.referrer,
        objects.j.user_agent,
        objects.j.email_hash,
        objects.j.email,
        objects.j.customer_id,
        objects.j.order_id,
        objects.j.revenue,
        objects.j.currency,
        objects.keys,
        __touchline_pixel_ts_parts(objects.j.ts) as ts_parts,
        __touchline_pixel_ts_parts(objects.j.received_at) as received_at_parts
    from objects
),

typed as (
    select
        *,
        __touchline_pixel_utc(ts_parts) as ts_utc,
        __touchline_pixel_utc(received_at_parts) as received_at_utc
    from split
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
    and len(keys) = len(list_distinct(keys))
    and ts_utc between $earliest_at and $latest_at
    and (received_at_utc is null or received_at_utc between $earliest_at and $latest_at)
