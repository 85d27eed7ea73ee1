-- The block's typed lines into raw.pixel_events, with their bot verdicts. $load_id and
-- $file_path: the load's.
insert into raw.pixel_events (
    load_id, file_path, line_number, event_id, event_type, ts, received_at, visitor_id, url,
    referrer, user_agent, email_hash, customer_id, order_id, revenue, currency, is_bot
)
select
    $load_id,
    $file_path,
    block.line_number,
    block.event_id,
    block.event_type,
    block.ts,
    block.received_at,
    block.visitor_id,
    block.url,
    block.referrer,
    block.user_agent,
    block.email_hash,
    block.customer_id,
    block.order_id,
    null,
    block.currency,
    coalesce(verdicts.is_bot, false)
from __touchline_pixel_block as block
left join __touchline_ua_verdicts as verdicts on verdicts.user_agent = block.user_agent
