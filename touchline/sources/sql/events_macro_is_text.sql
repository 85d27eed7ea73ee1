-- Whether SQL reads a tracker's text as the Python mappings' `text()` does (format.py: null
-- when blank) with `nullif(text, '')`: the text is empty, or holds a printable ASCII
-- character (checked on the first one first: the common text), so that
-- Python's `str.strip()` leaves something exactly when the text is not empty; the event SQL
-- leaves any other text (spaces only, a no-break space) to Python.
create or replace temp macro __touchline_is_text(value) as
    case
        when value = '' then true
        when unicode(value) between 33 and 126 then true
        else regexp_matches(value, '[!-~]')
    end
