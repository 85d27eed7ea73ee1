"""The README written into every ground-truth folder."""

README = """# Ground truth of a generated landing folder

Written by `touchline.generator.generate` from the simulated world itself, never from the
landed files. Amounts are exact decimal strings; timestamps are UTC (ISO-8601).

## visitors.csv (one row per visitor_id, bots included)
- `person_id`: the true person (empty for bots). Staff share one test email; each staff
  visitor is its own person.
- `is_bot`: a crawler / headless / monitoring user agent.
- `is_identifiable`: the data ties this visitor to its person's email or customer id (an
  identify event with a real email, or a checkout_completed event of an exported, non-test
  order). The shared test email and the empty-string hash never count.
- `sessions`: true sessions of the visitor.

## sessions.csv (one row per true session, bots excluded)
visitor_id, person_id, started_at, the expected touch (source, medium, campaign as
classification.md derives them), is_direct, and, for paid visits, the ad platform and spend
campaign id that bought the visit (empty for the UTM campaign that has no spend).

## orders.csv (one row per order_id that is in the exports)
- `total_price`: as exported; `gross` = total_price, or 0 for voided and test orders;
  `refunded` = the sum of the order's distinct refunds (it can exceed gross: one goodwill
  refund does on purpose); `net` = gross - refunded. All in the order's `currency`.
- `first_touch_*`: the earliest non-direct session touch, over every visitor of the person,
  started in [T-365d, T] (T = ordered_at); `last_touch_*`: the latest non-direct one in
  [T-90d, T]. `(direct)`/`(none)` (with empty campaign and `_at`) when the person has only
  direct sessions by T; all empty when the person has no session by T.
- `attribution_status`: attributed / direct / landing_site / unattributed as attribution.md
  defines them. For landing_site orders (a buyer the pixel never saw) the touch that the
  export's landing_site / referring_site classify to is in `landing_site_source/medium/campaign`.
- `is_determinable`: a correct warehouse can reach exactly these touches from the data: the
  order links to the person (a checkout event, or its email / customer id to an identifiable
  visitor), and every visitor whose session decides first or last touch is identifiable.
  Compare first/last touch only where this is true.
- `acquired_by_ad_platform`: the ad platform whose spend brought the person in (empty for
  baseline arrivals); `has_checkout_event`: a checkout_completed event carries the order.

## mmm_truth.json
Per ad platform: `spend_pattern` (`bursts`: 1-3 week bursts and 1-2 week pauses on the
platform's own calendar, each burst at its own budget level; `fixed_daily_budget`: the same
spend every day), adstock `theta`, Hill saturation (`slope`, `half_saturation_usd`,
`max_daily_arrivals`: paid arrivals on day t = max * a^s / (a^s + K^s), a = adstocked USD
spend), landed `spend_usd`, `paid_arrivals`, and `incremental_net_revenue_usd`: the net
revenue (USD at the order day's rate) in the period of every order by people that
platform's spend brought in, which is exactly what the period would lose without that
spend. It splits into `first_order_net_revenue_usd` (the order that ends the acquisition
journey, mostly the same day) and `repeat_order_net_revenue_usd` (weeks later), and by days
from arrival to order (`net_revenue_by_days_after_arrival_usd`). `theta` is the carry-over
of *visits*; revenue follows with the purchase lag. `definitions` says which numbers a
daily marketing-mix model can be compared with; `by_spend_pattern` sums the two patterns.
Also total / paid / baseline net revenue and `counts` of every planted irregularity
(malformed records by kind, bots, duplicates, late events, ...).

## daily.csv
Per day: orders, net revenue (USD), the paid part of it, and landed spend per ad platform
in USD: the series a marketing-mix model is fitted on.
"""
