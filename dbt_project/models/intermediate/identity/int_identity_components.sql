-- The person of every identifier: one row per identifier (node). A person is a connected
-- component of the identity graph; person_id hashes the component's smallest node key, so
-- the same inputs give the same ids on every build, full or incremental.
with

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

edges as (
    select * from {{ ref('int_identity_edges') }}
),

{{ attribution_connected_components('nodes', 'edges', var('identity_label_rounds', 20)) }}

select
    nodes.node_key,
    nodes.identifier_type,
    nodes.identifier,
    labels_final.component_key,
    {{ dbt.hash('labels_final.component_key') }} as person_id
from nodes
inner join labels_final on labels_final.node_key = nodes.node_key
