-- GA4 BigQuery export events (__touchline_json_items: record_number, item; JSON lines, or a
-- Parquet file's rows as JSON, touchline/sources/events_sql.py) as the landing contract's
-- pixel fields, as formats/ga4_bigquery.py (_map) maps them, for the events whose mapping
-- DuckDB can vouch for; pixel_typed_block.sql then types them, and every other event goes,
-- whole, to the Python mapping. An event is DuckDB's when:
-- - each object read (the event, its `event_params` entries, the `value` of a page_location /
--   page_referrer entry, `collected_traffic_source`) names a key once (Python keeps a repeated
--   key's last value, DuckDB its first: read as a MAP, such an object is null);
-- - `event_timestamp` is a JSON integer or a string of digits (18 at most: a time DuckDB holds;
--   pixel_typed_block.sql keeps those in the run's date window); `event_name`,
--   `user_pseudo_id` and `user_id` are strings; the identity fields of the derived event id
--   are absent, null, strings or JSON integers;
-- - `event_params` is absent, null or a list of objects; page_location / page_referrer
--   entries have an object `value`, and the value Python keeps (the first kind that is not
--   null, of the key's last entry that has one) is a string;
-- - `collected_traffic_source` is absent, null or an object with none of the fields `_COLLECTED`
--   reads (its click IDs and UTMs are added to the URL by Python);
-- - it is not a `purchase` (its revenue and order id);
-- - the texts the event keeps are empty or hold a printable ASCII character (Python's blank
--   test), without `@`, `%40` or `%25` once decoded (nothing for the email redaction).
-- The event id is `ga4:` + the first 32 hex digits of the SHA-256 of the identity fields as
-- Python's str() writes them (events_ga4_macro_identity.sql), joined by `|`.
create or replace temp table __touchline_pixel_fields as
with

-- each event parsed once, as a map: a repeated key or another JSON value gives null
records as materialized (
    select
        record_number,
        from_json(item, '"MAP(VARCHAR, JSON)"') as m
    from __touchline_json_items
    where is_object
),

parsed as materialized (
    select
        record_number,
        m,
        from_json(m['event_params'], '["MAP(VARCHAR, JSON)"]') as entries,
        case when m['collected_traffic_source'] is not null
            then from_json(m['collected_traffic_source'], '"MAP(VARCHAR, JSON)"')
        end as collected,
        case
            when regexp_full_match(m['event_timestamp'], '[0-9]{1,18}')
                then cast(m['event_timestamp'] as bigint)
            when json_type(m['event_timestamp']) = 'VARCHAR'
                and regexp_full_match(m['event_timestamp'] ->> '$', '[0-9]{1,18}')
                then cast(m['event_timestamp'] ->> '$' as bigint)
        end as micros,
        case when json_type(m['event_name']) = 'VARCHAR' then m['event_name'] ->> '$' end as event_name,
        case when json_type(m['user_pseudo_id']) = 'VARCHAR' then m['user_pseudo_id'] ->> '$' end as user_pseudo_id,
        case when json_type(m['user_id']) = 'VARCHAR' then m['user_id'] ->> '$' end as user_id,
        [
            __touchline_ga4_identity(m, 'stream_id'),
            __touchline_ga4_identity(m, 'user_pseudo_id'),
            __touchline_ga4_identity(m, 'event_timestamp'),
            __touchline_ga4_identity(m, 'event_name'),
            __touchline_ga4_identity(m, 'event_bundle_sequence_id'),
            __touchline_ga4_identity(m, 'batch_event_index'),
            __touchline_ga4_identity(m, 'batch_page_id'),
            __touchline_ga4_identity(m, 'batch_ordering_id')
        ] as identity
    from records
    where m is not null
),

-- the values of the page_location / page_referrer entries, each read as a map
params as (
    select
        *,
        [
            from_json(entry['value'], '"MAP(VARCHAR, JSON)"')
            for entry in entries if entry['key'] = '"page_location"'
        ] as location_values,
        [
            from_json(entry['value'], '"MAP(VARCHAR, JSON)"')
            for entry in entries if entry['key'] = '"page_referrer"'
        ] as referrer_values
    from parsed
    where m['event_params'] is null or left(m['event_params'], 1) = '['
),

-- the value Python keeps for a key: the first kind that is not null, of the key's last entry
-- that has one
kept as (
    select
        *,
        [
            kept_value for kept_value in [
                coalesce(kinds['string_value'], kinds['int_value'], kinds['double_value'], kinds['float_value'])
                for kinds in location_values
            ] if kept_value is not null
        ][-1] as page_location,
        [
            kept_value for kept_value in [
                coalesce(kinds['string_value'], kinds['int_value'], kinds['double_value'], kinds['float_value'])
                for kinds in referrer_values
            ] if kept_value is not null
        ][-1] as page_referrer
    from params
    where coalesce(list_bool_and([entry is not null for entry in entries]), true)
      and coalesce(list_bool_and([kinds is not null for kinds in location_values]), true)
      and coalesce(list_bool_and([kinds is not null for kinds in referrer_values]), true)
),

fields as (
    select
        *,
        case when json_type(page_location) = 'VARCHAR' then page_location ->> '$' end as url,
        case when json_type(page_referrer) = 'VARCHAR' then page_referrer ->> '$' end as referrer
    from kept
),

plain as (
    select *
    from fields
    where (page_location is null or url is not null)
      and (page_referrer is null or referrer is not null)
      and (m['user_id'] is null or user_id is not null)
      and micros is not null
      and event_name <> 'purchase'
      and (
          m['collected_traffic_source'] is null
          or (collected is not null and list_bool_and([
              collected[field] is null or collected[field] = '""'
              for field in [
                  'gclid', 'dclid', 'srsltid', 'manual_source', 'manual_medium', 'manual_campaign_name',
                  'manual_campaign_id', 'manual_term', 'manual_content'
              ]
          ]))
      )
      and list_bool_and([value is not null for value in identity])
      and list_bool_and([
          value is null or value = '' or regexp_matches(value, '[!-~]')
          for value in [event_name, user_pseudo_id, user_id, url, referrer]
      ])
      and not regexp_matches(concat_ws(chr(9), event_name, user_pseudo_id, user_id, url, referrer), '@|%40|%25')
)

select
    record_number as line_number,
    'ga4:' || left(sha256(array_to_string(identity, '|')), 32) as event_id,
    case when event_name = 'page_view' then 'page_view' else nullif(event_name, '') end as event_type,
    strftime(make_timestamp(micros), '%Y-%m-%dT%H:%M:%S.%fZ') as ts_text,
    cast(null as varchar) as received_at_text,
    nullif(user_pseudo_id, '') as visitor_id,
    nullif(url, '') as url,
    nullif(referrer, '') as referrer,
    cast(null as varchar) as user_agent,
    cast(null as varchar) as email_hash,
    cast(null as varchar) as email,
    nullif(user_id, '') as customer_id,
    cast(null as varchar) as order_id,
    cast(null as varchar) as revenue,
    cast(null as varchar) as currency
from plain
