-- One identity field of a GA4 event (events_ga4.sql; `event`: the event read as a MAP of JSON
-- values) as formats/ga4_bigquery.py's `_event_id` writes it with Python's str(): empty when
-- the event lacks the key, `None` when it is null, a string's text, a JSON integer's digits
-- (the text str() gives: at most 18 digits, no `-0`); null for any other value (the event then
-- goes to Python).
create or replace temp macro __touchline_ga4_identity(event, field) as
    case
        when not map_contains(event, field) then ''
        when event[field] is null then 'None'
        when json_type(event[field]) = 'VARCHAR' then event[field] ->> '$'
        when regexp_full_match(event[field], '0|-?[1-9][0-9]{0,17}') then cast(event[field] as varchar)
    end
