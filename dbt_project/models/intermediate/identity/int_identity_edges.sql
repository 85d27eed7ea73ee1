-- The edges of the identity graph after the guardrails: one row per undirected pair of
-- identifiers (node keys are type-prefixed identifiers, node_a < node_b).
with

links as (
    select * from {{ ref('int_identity_links') }}
),

blocked as (
    select * from {{ ref('int_identity_blocked_identifiers') }}
),

allowed as (
    select links.*
    from links
    left join blocked as blocked_a
        on blocked_a.identifier_type = links.type_a and blocked_a.identifier = links.identifier_a
    left join blocked as blocked_b
        on blocked_b.identifier_type = links.type_b and blocked_b.identifier = links.identifier_b
    where blocked_a.identifier is null
      and blocked_b.identifier is null
),

keyed as (
    select
        {{ attribution_node_key('type_a', 'identifier_a') }} as key_a,
        {{ attribution_node_key('type_b', 'identifier_b') }} as key_b,
        link_source
    from allowed
),

oriented as (
    select
        case when key_a < key_b then key_a else key_b end as node_a,
        case when key_a < key_b then key_b else key_a end as node_b,
        link_source
    from keyed
    where key_a <> key_b
)

select
    node_a,
    node_b,
    count(*) as link_count,
    min(link_source) as first_link_source
from oriented
group by node_a, node_b
