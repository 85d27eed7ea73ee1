-- A time in the spelling the timestamp pattern checks (ISO, `T` or a space, optional fraction, `Z` or
-- `+HH:MM` or none) as UTC without a zone, as the loader's parser gives it: with an offset, the
-- instant's epoch microseconds (whatever the session's time zone); without one, UTC already.
create or replace temp macro __touchline_utc(value) as
    case
        when right(value, 1) = 'Z' or substr(value, -6, 1) in ('+', '-')
            then make_timestamp(epoch_us(try_cast(value as timestamptz)))
        else try_cast(value as timestamp)
    end
