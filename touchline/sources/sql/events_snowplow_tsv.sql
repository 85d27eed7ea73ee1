-- Snowplow enriched TSV rows (__touchline_event_lines: line_number, line) as the landing
-- contract's pixel fields, as formats/snowplow.py (_map_tsv) maps them, for the rows whose
-- mapping DuckDB can vouch for (touchline/sources/events_sql.py); pixel_typed_block.sql then
-- types them, and every other row goes, whole, to the Python mapping. A row is DuckDB's when:
-- - it is a row of the enriched event's 131 tab-separated fields (cells 4..125 below are
--   ENRICHED_FIELDS' positions), not longer than the record limit;
-- - every cell read is empty or holds a printable ASCII character (so Python's blank test,
--   `str.strip()`, reads it as SQL's `nullif(cell, '')` does: events_macro_is_text.sql), and the
--   cells that become the event's texts hold no `@`, `%40` or `%25` (nothing for the email
--   redaction);
-- - it is not a self-describing event (`unstruct`: its schema's JSON), not a `transaction`
--   (its revenue) and has no ecommerce entity in `contexts` (the `user` entity's email).
-- Timestamps are written `2026-03-14 09:00:00.600` (UTC): `T` and `Z` are added, as `_utc`
-- does; another spelling is handed on as it is (pixel_typed_block.sql takes only ISO ones).
create or replace temp table __touchline_pixel_fields as
with

rows as materialized (
    select
        line_number,
        -- nothing for the email redaction in the whole row: the common row, checked once
        not contains(line, '@') and not contains(line, '%40') and not contains(line, '%25') as is_unredacted,
        -- a carriage return ends the last cell, which is not read
        string_split(line, chr(9)) as cells
    from __touchline_event_lines
    where strlen(line) <= $record_limit
),

cells as materialized (
    select
        line_number,
        is_unredacted,
        cells[4] as collector_tstamp,
        cells[5] as dvce_created_tstamp,
        cells[6] as event,
        cells[7] as event_id,
        cells[13] as user_id,
        cells[16] as domain_userid,
        cells[18] as network_userid,
        cells[30] as page_url,
        cells[32] as page_referrer,
        cells[53] as contexts,
        cells[54] as se_category,
        cells[55] as se_action,
        cells[78] as useragent,
        cells[125] as derived_tstamp
    from rows
    where len(cells) = 131
),

plain as (
    select *
    from cells
    where event not in ('unstruct', 'transaction')
      and not contains(contexts, 'snowplow.ecommerce/')
      and list_bool_and([
          __touchline_is_text(cell)
          for cell in [
              collector_tstamp, dvce_created_tstamp, event, event_id, user_id, domain_userid,
              network_userid, page_url, page_referrer, se_category, se_action, useragent,
              derived_tstamp
          ]
      ])
      and (
          is_unredacted
          or not regexp_matches(
              concat_ws(chr(9), event, event_id, user_id, domain_userid, network_userid, page_url,
                  page_referrer, se_category, se_action, useragent),
              '@|%40|%25'
          )
      )
),

-- each cell as the Python mapping's text() reads it: null when blank
mapped as (
    select
        line_number,
        nullif(event_id, '') as event_id,
        case
            when event = 'struct'
                then 'struct' || coalesce(':' || nullif(se_category, ''), '')
                    || coalesce(':' || nullif(se_action, ''), '')
            else nullif(event, '')
        end as event_type,
        coalesce(
            nullif(derived_tstamp, ''), nullif(dvce_created_tstamp, ''), nullif(collector_tstamp, '')
        ) as ts_written,
        nullif(collector_tstamp, '') as received_at_written,
        coalesce(nullif(domain_userid, ''), nullif(network_userid, '')) as visitor_id,
        nullif(page_url, '') as url,
        nullif(page_referrer, '') as referrer,
        nullif(useragent, '') as user_agent,
        nullif(user_id, '') as customer_id
    from plain
)

select
    line_number,
    event_id,
    event_type,
    case when regexp_full_match(ts_written, $enriched_tstamp)
        then replace(ts_written, ' ', 'T') || case when suffix(ts_written, 'Z') then '' else 'Z' end
        else ts_written
    end as ts_text,
    case when regexp_full_match(received_at_written, $enriched_tstamp)
        then replace(received_at_written, ' ', 'T') || case when suffix(received_at_written, 'Z') then '' else 'Z' end
        else received_at_written
    end as received_at_text,
    visitor_id,
    url,
    referrer,
    user_agent,
    null::varchar as email_hash,
    null::varchar as email,
    customer_id,
    null::varchar as order_id,
    null::varchar as revenue,
    null::varchar as currency
from mapped
