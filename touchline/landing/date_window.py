"""The plausibility window for the dates of landed records (docs/landing.md).

One absurd date (an event of 2999, an order of year 1) would otherwise become the build's
as-of date and stretch every daily table across centuries. The loader quarantines an event,
order, refund or spend row whose date falls before TOUCHLINE_EARLIEST_DATE or more than
TOUCHLINE_MAX_DAYS_AHEAD days after the moment the loader reads it: a record cannot have
happened after it was exported. FX rates are not checked: a rate from before the window may
be the one in force on its first day.

The window is fixed once per loader run and reaches the parsers through a context variable,
so the per-line hot paths read it once per block instead of taking it as one more argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from touchline import settings
from touchline.landing.run_value import RunValue
from touchline.landing.values import BadValue


@dataclass(frozen=True)
class DateWindow:
    earliest: date  # the first plausible day (UTC), inclusive
    max_days_ahead: int
    loaded_at: datetime  # naive UTC: when the loader run started
    # Derived once: the pixel hot path compares every line's timestamps with these.
    earliest_at: datetime = field(init=False)  # the first plausible instant (inclusive)
    latest_at: datetime = field(init=False)  # the last plausible instant (inclusive)

    def __post_init__(self) -> None:
        object.__setattr__(self, "earliest_at", datetime.combine(self.earliest, time.min))
        object.__setattr__(self, "latest_at", self.loaded_at + timedelta(days=self.max_days_ahead))

    @classmethod
    def from_settings(cls, now: datetime | None = None) -> DateWindow:
        """The window of a loader run starting `now` (default: the clock); a bad setting
        raises ConfigError naming it."""
        if now is None:
            now = datetime.now(UTC).replace(tzinfo=None)
        return cls(settings.earliest_date(), settings.max_days_ahead(), now)

    @property
    def latest_day(self) -> date:
        """The last plausible calendar day (inclusive): a spend day is the ad account's local day."""
        return self.latest_at.date()

    def check_timestamp(self, value: datetime, field: str) -> datetime:
        if value < self.earliest_at:
            raise BadValue(self.too_early_reason(field))
        if value > self.latest_at:
            raise BadValue(self.too_late_reason(field))
        return value

    def check_day(self, value: date, field: str) -> date:
        if value < self.earliest:
            raise BadValue(self.too_early_reason(field))
        if value > self.latest_day:
            raise BadValue(self.too_late_reason(field))
        return value

    def too_early_reason(self, field: str) -> str:
        return f"{field} before {settings.EARLIEST_DATE_ENV} ({self.earliest.isoformat()})"

    def too_late_reason(self, field: str) -> str:
        days = "day" if self.max_days_ahead == 1 else "days"
        return f"{field} more than {settings.MAX_DAYS_AHEAD_ENV} ({self.max_days_ahead} {days}) after loading"


_WINDOW: RunValue[DateWindow] = RunValue("touchline_date_window", DateWindow.from_settings)

# The window of the running load; outside one (a parser called on its own), the settings'
# window as of now.
current_window = _WINDOW.current
using_window = _WINDOW.using
