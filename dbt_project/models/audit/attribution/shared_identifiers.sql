-- The identifiers kept out of identity stitching by the guardrails, with their degree: one
-- row per identifier.
select
    identifier_type,
    identifier,
    visitor_degree,
    block_reason
from {{ ref('int_identity_blocked_identifiers') }}
