-- The text Python's `text()` starts from: a string's decoded value, else the JSON text (a
-- number as written; an integer's is Python's str() of it when it has at most 18 digits).
create or replace temp macro __touchline_json_text(value, decoded) as
    case when left(value, 1) = '"' then decoded else cast(value as varchar) end
