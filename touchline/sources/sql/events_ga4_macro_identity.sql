-- One identity field of a GA4 event (events_ga4.sql: the event's keys, the field's name and
-- its JSON value) as formats/ga4_bigquery.py's `_event_id` writes it with Python's str():
-- empty when the event lacks the key, `None` when it is null, a string's text, a JSON
-- integer's digits (the text str() gives: at most 18 digits, no `-0`); null for any other
-- value (the event then goes to Python).
create or replace temp macro __touchline_ga4_identity(keys, field, value) as
    case
        when not list_contains(keys, field) then ''
        when value is null then 'None'
        when starts_with(value, '"') then value ->> '$'
        when regexp_full_match(value, '0|-?[1-9][0-9]{0,17}') then cast(value as varchar)
    end
