-- Spend rows with no exchange rate at or before their day: their spend_reporting is null
-- (never converted at 1), so MER and ROAS leave them out. One row per staged spend row.
with

spend as (
    select * from {{ ref('int_analytics_spend') }}
)

select
    spend_row_key,
    date_day,
    ad_platform,
    campaign_id,
    campaign_name,
    currency,
    spend,
    file_path,
    line_number
from spend
where has_missing_fx_rate
