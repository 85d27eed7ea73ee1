-- The user agents of the block that have no bot verdict yet (Python gives them one).
select distinct block.user_agent
from __touchline_pixel_block as block
anti join __touchline_ua_verdicts as verdicts on verdicts.user_agent = block.user_agent
where block.user_agent is not null
