-- Whether a JSON-lines file (__touchline_json_body: its lines as events_sql.py splits them,
-- joined into one text without their newlines) holds anywhere a suspect of $non_standard:
-- the five patterns of NON_STANDARD_PARTS (orders_json_sql.py; a text matches $non_standard
-- exactly when it matches one of the first three or both exponent patterns), strings not
-- taken out. A line that matches $non_standard is part of this text, so when it holds none,
-- no line does and json_lines_items.sql skips its check of each line ($lines_standard);
-- a match across two lines, or in a string, is a false alarm (each line is then checked).
-- One pass of patterns the regex engine can skip along is about half the CPU of
-- $non_standard over every line (docs/benchmarks.md).
select count(*) > 0 as has_suspect
from __touchline_json_body
where
    regexp_matches(body, $non_standard_comma)
    or regexp_matches(body, $non_standard_colon)
    or regexp_matches(body, $non_standard_bracket)
    or (
        regexp_matches(body, $non_standard_exponent_sign)
        and regexp_matches(body, $non_standard_exponent)
    )
