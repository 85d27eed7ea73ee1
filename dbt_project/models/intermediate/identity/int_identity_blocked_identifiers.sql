-- The identifiers that the guardrails keep out of the identity graph (attribution.md):
-- shared identifiers above the visitor-degree cap, the hash of the empty string and the
-- hashes of configured test emails. One row per identifier.
--
-- Incremental by identifier (node_key): an identifier's visitor degree counts its links, and
-- a build changes only the links of its batch's events and orders, whose identifiers (every
-- copy, old and new, and both ends of their links) int_incremental_batch_identifiers lists;
-- a build recomputes those, and one that is no longer blocked loses its row. The configured
-- blocks are settings, whose change rebuilds everything.
{{ incremental_config(unique_key='node_key', batch_keys='int_incremental_batch_identifiers') }}
with

links as (
    select * from {{ ref('int_identity_links') }}
    where {{ in_incremental_batch(attribution_node_key('type_b', 'identifier_b'), 'int_incremental_batch_identifiers', 'node_key') }}
),

configured_blocks as (
    select * from ({{ attribution_blocked_email_hashes() }}) as configured
    where {{ in_incremental_batch(attribution_node_key("'email_hash'", 'email_hash'), 'int_incremental_batch_identifiers', 'node_key') }}
),

-- degree = distinct visitors an email hash or customer id is linked to directly
visitor_degrees as (
    select type_b as identifier_type, identifier_b as identifier, count(distinct identifier_a) as visitor_degree
    from links
    where type_a = 'visitor_id'
    group by type_b, identifier_b
),

shared as (
    select identifier_type, identifier, visitor_degree, 'shared_identifier' as block_reason
    from visitor_degrees
    where visitor_degree > {{ var('identity_max_visitors_per_identifier', 25) }}
),

configured as (
    select
        'email_hash' as identifier_type,
        configured_blocks.email_hash as identifier,
        coalesce(visitor_degrees.visitor_degree, 0) as visitor_degree,
        configured_blocks.block_reason
    from configured_blocks
    left join visitor_degrees
        on visitor_degrees.identifier_type = 'email_hash'
        and visitor_degrees.identifier = configured_blocks.email_hash
),

unioned as (
    select * from configured
    union all
    select * from shared
),

-- an identifier blocked for several reasons is listed once, with the most specific reason
ranked as (
    select
        *,
        row_number() over (
            partition by identifier_type, identifier
            order by case block_reason when 'empty_email' then 1 when 'test_email' then 2 else 3 end
        ) as reason_rank
    from unioned
)

select
    identifier_type,
    identifier,
    visitor_degree,
    block_reason,
    -- last: a table built before the model was incremental gains it at the end
    {{ attribution_node_key('identifier_type', 'identifier') }} as node_key
from ranked
where reason_rank = 1
