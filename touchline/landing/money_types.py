"""The warehouse's money and rate types, and the ranges the loader accepts, derived from them.

Every amount column, raw to marts, is decimal(18,4): 14 digits before the point. A total of
many amounts must fit that type too (a day of `marts.mer_daily`, a cohort of `marts.cohort_ltv`,
a campaign's spend), so one record may use at most 14 − SUM_HEADROOM_DIGITS of them: a
thousand records at the limit still add up inside the type. The loader quarantines an amount
beyond that limit (`total_price out of range`), and the models hold every converted amount to
the same limit (dbt macro `money_record_limit`): an amount that a rate takes beyond it gets a
null reporting amount and a row in audit.amounts_out_of_range naming its file and line,
instead of overflowing a model and failing every build from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pyarrow as pa


@dataclass(frozen=True)
class DecimalType:
    precision: int
    scale: int

    @property
    def integer_digits(self) -> int:
        return self.precision - self.scale

    @property
    def sql(self) -> str:
        return f"decimal({self.precision}, {self.scale})"

    @property
    def arrow(self) -> pa.DataType:
        return pa.decimal128(self.precision, self.scale)

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.scale)


MONEY = DecimalType(18, 4)
FX_RATE = DecimalType(18, 10)

# Digits kept free for totals: 10**3 records at the limit sum inside decimal(18,4).
SUM_HEADROOM_DIGITS = 3
# Integer digits of one record's amount, in its own currency or converted: |amount| < 10**11.
MONEY_RECORD_DIGITS = MONEY.integer_digits - SUM_HEADROOM_DIGITS
MONEY_RECORD_LIMIT = Decimal(10) ** MONEY_RECORD_DIGITS
