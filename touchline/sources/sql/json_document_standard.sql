-- Whether the JSON document (__touchline_json_document) holds nothing DuckDB's parser accepts
-- and Python's refuses ($non_standard, checked outside strings: a NaN, a trailing comma, a
-- number too large for Python's reader): else no DuckDB reading of it is Python's, and Python
-- reads the whole file (and rejects it). Read by json_document_items.sql and, before DuckDB's
-- typed reader is tried on the file, by orders_json_sql.py.
create or replace temp table __touchline_json_standard as
select
    -- strings are taken out only when a suspect is found at all (a rare document); the suspect
    -- is looked for as the five patterns of NON_STANDARD_PARTS (orders_json_sql.py), a third of
    -- the time of $non_standard over a whole document
    case
        when regexp_matches(document, $non_standard_comma)
            or regexp_matches(document, $non_standard_colon)
            or regexp_matches(document, $non_standard_bracket)
            or (
                regexp_matches(document, $non_standard_exponent_sign)
                and regexp_matches(document, $non_standard_exponent)
            )
            then not regexp_matches(regexp_replace(document, $json_string, '""', 'g'), $non_standard)
        else true
    end as is_standard
from __touchline_json_document
