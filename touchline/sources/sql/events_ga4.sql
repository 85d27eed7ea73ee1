-- GA4 BigQuery export events (__touchline_json_items: record_number, item; JSON lines, or a
-- Parquet file's rows as JSON, touchline/sources/events_sql.py) as the landing contract's
-- pixel fields, as formats/ga4_bigquery.py (_map) maps them, for the events whose mapping
-- DuckDB can vouch for; pixel_typed_block.sql then types them, and every other event goes,
-- whole, to the Python mapping. An event is DuckDB's when:
-- - each object read (the event, its `event_params` entries, the `value` of a page_location /
--   page_referrer entry, `collected_traffic_source`) names a key once (Python keeps a repeated
--   key's last value, DuckDB its first);
-- - `event_timestamp` is a JSON integer or a string of digits (18 at most: a time DuckDB holds;
--   pixel_typed_block.sql keeps those in the run's date window); `event_name`,
--   `user_pseudo_id` and `user_id` are strings; the identity fields of the derived event id
--   are absent, null, strings or JSON integers;
-- - `event_params` is not a list (no parameters), or a list of objects that each name `key` and
--   `value` once: the line holds as many `"key"` and `"value"` tokens as the list has entries,
--   (and one more `"value"` for each entry whose key is `value`, GA4's parameter), and no `\u`
--   escape (which could spell one more); the entries are read with the event, in the same
--   parse (a stray `"key"` or `"value"` text leaves the event to Python); each `value` is
--   read as a struct of its four kinds, and in JSON lines no value names a kind twice (the
--   read keeps the first, Python the last: see `records`); the value Python keeps (the first
--   kind that is not null, of the key's last entry that has one) is a string;
-- - `collected_traffic_source` is absent, null or an object with none of the fields `_COLLECTED`
--   reads (its click IDs and UTMs are added to the URL by Python);
-- - it is not a `purchase` (its revenue and order id);
-- - the texts the event keeps are empty or hold a printable ASCII character (Python's blank
--   test), without `@`, `%40` or `%25` once decoded (nothing for the email redaction).
-- The event id is `ga4:` + the first 32 hex digits of the SHA-256 of the identity fields as
-- Python's str() writes them (events_ga4_macro_identity.sql), joined by `|`.
create or replace temp table __touchline_pixel_fields as
with

-- each event parsed once: the values read (as JSON), its keys (a key written twice goes to
-- Python); the `value` of an `event_params` entry (the list null unless a list) is read as a
-- struct of its four kinds (all null when not an object, which Python skips too),
-- `collected_traffic_source` as JSON text (null when absent or null), read as a MAP in
-- `parsed` only where there is one
read_items as (
    select
        record_number,
        json_keys(item) as keys,
        -- the `"key"` / `"value"` tokens of the line (an escaped key, `\u`, goes to Python)
        (strlen(item) - strlen(replace(item, '"key"', ''))) // 5 as key_tokens,
        (strlen(item) - strlen(replace(item, '"value"', ''))) // 7 as value_tokens,
        contains(item, '\u') as has_escape,
        -- the texts that end a value kind's name (`"string_value"`, ...)
        (strlen(item) - strlen(replace(item, '_value"', ''))) // 7 as kind_tokens,
        json_transform(
            item,
            '{"event_timestamp": "JSON", "event_name": "JSON", "user_pseudo_id": "JSON", "user_id": "JSON", '
            '"event_params": [{"key": "JSON", "value": {"string_value": "JSON", "int_value": "JSON", "double_value": "JSON", "float_value": "JSON"}}], "collected_traffic_source": "JSON", '
            '"stream_id": "JSON", "event_bundle_sequence_id": "JSON", "batch_event_index": "JSON", '
            '"batch_page_id": "JSON", "batch_ordering_id": "JSON"}'
        ) as j
    from __touchline_json_items
    where is_object
),

-- the checks of the parse as columns (DuckDB copies the `where` of `parsed` into this
-- materialized CTE, and keeps it there too: a lambda in it would run twice per event)
records as materialized (
    select
        *,
        -- (a key written twice: its second place is not where it is first found; cheaper for a
        -- dozen keys than list_sort or list_distinct, which set up a sort or a hash table per list)
        -- (sqlfluff cannot parse a lambda with an index argument: PRS, and LT01 after it)
        coalesce(list_bool_or(list_transform(keys, lambda k, i: list_position(keys, k) <> i)), false)  -- noqa: PRS, LT01
        as has_repeated_key,
        not has_escape
        and key_tokens = coalesce(len(j.event_params), 0)
        -- (GA4's `value` parameter names `"value"` once more)
        and value_tokens = key_tokens + len([entry for entry in j.event_params if entry['key'] = '"value"'])
        -- (each kind read, not null, is one `_value"` text of the line, and there is no other:
        -- no value names a kind twice, which the read would take the first of, Python the last;
        -- a Parquet row's JSON, DuckDB's to_json, names each key once and writes null kinds)
        and (
            $keys_unique
            or kind_tokens = coalesce(list_sum([
                cast(entry['value']['string_value'] is not null as int)
                + cast(entry['value']['int_value'] is not null as int)
                + cast(entry['value']['double_value'] is not null as int)
                + cast(entry['value']['float_value'] is not null as int)
                for entry in j.event_params
            ]), 0)
        )
        as has_plain_entries
    from read_items
),

parsed as materialized (
    select
        record_number,
        j,
        j.event_params as entries,
        json_transform(j.collected_traffic_source, '"MAP(VARCHAR, JSON)"') as collected,
        case
            when regexp_full_match(j.event_timestamp, '[0-9]{1,18}')
                then cast(j.event_timestamp as bigint)
            when starts_with(j.event_timestamp, '"')
                and regexp_full_match(j.event_timestamp ->> '$', '[0-9]{1,18}')
                then cast(j.event_timestamp ->> '$' as bigint)
        end as micros,
        case when starts_with(j.event_name, '"') then j.event_name ->> '$' end as event_name,
        case when starts_with(j.user_pseudo_id, '"') then j.user_pseudo_id ->> '$' end as user_pseudo_id,
        case when starts_with(j.user_id, '"') then j.user_id ->> '$' end as user_id,
        [
            __touchline_ga4_identity(keys, 'stream_id', j.stream_id),
            __touchline_ga4_identity(keys, 'user_pseudo_id', j.user_pseudo_id),
            __touchline_ga4_identity(keys, 'event_timestamp', j.event_timestamp),
            __touchline_ga4_identity(keys, 'event_name', j.event_name),
            __touchline_ga4_identity(keys, 'event_bundle_sequence_id', j.event_bundle_sequence_id),
            __touchline_ga4_identity(keys, 'batch_event_index', j.batch_event_index),
            __touchline_ga4_identity(keys, 'batch_page_id', j.batch_page_id),
            __touchline_ga4_identity(keys, 'batch_ordering_id', j.batch_ordering_id)
        ] as identity
    from records
    where not has_repeated_key and has_plain_entries
),

-- the values of the page_location / page_referrer entries, each read as a map
params as (
    select
        *,
        [entry['value'] for entry in entries if entry['key'] = '"page_location"'] as location_values,
        [entry['value'] for entry in entries if entry['key'] = '"page_referrer"'] as referrer_values
    from parsed
),

-- the value Python keeps for a key: the first kind that is not null, of the key's last entry
-- that has one
kept as (
    select
        *,
        [
            kept_value for kept_value in [
                coalesce(kinds.string_value, kinds.int_value, kinds.double_value, kinds.float_value)
                for kinds in location_values
            ] if kept_value is not null
        ][-1] as page_location,
        [
            kept_value for kept_value in [
                coalesce(kinds.string_value, kinds.int_value, kinds.double_value, kinds.float_value)
                for kinds in referrer_values
            ] if kept_value is not null
        ][-1] as page_referrer
    from params
),

fields as (
    select
        *,
        case when starts_with(page_location, '"') then page_location ->> '$' end as url,
        case when starts_with(page_referrer, '"') then page_referrer ->> '$' end as referrer
    from kept
),

plain as (
    select *
    from fields
    where (page_location is null or url is not null)
      and (page_referrer is null or referrer is not null)
      and (j.user_id is null or user_id is not null)
      and micros is not null
      and event_name <> 'purchase'
      and (
          j.collected_traffic_source is null
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
          value is null or __touchline_is_text(value)
          for value in [event_name, user_pseudo_id, user_id, url, referrer]
      ])
      and not list_bool_or([
          contains(value, '@') or contains(value, '%40') or contains(value, '%25')
          for value in [event_name, user_pseudo_id, user_id, url, referrer] if value is not null
      ])
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
