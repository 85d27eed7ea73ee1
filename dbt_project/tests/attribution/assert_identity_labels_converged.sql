{{ config(meta={'dagster': {'ref': {'name': 'int_identity_components'}}}) }}  -- an asset check of int_identity_components in Dagster
-- Label propagation runs a fixed number of rounds (var identity_label_rounds): if any edge
-- still joins two different components, the labels did not converge and persons are split.
-- Fix: raise identity_label_rounds. Returns the offending edges.
with

edges as (
    select * from {{ ref('int_identity_edges') }}
),

components as (
    select * from {{ ref('int_identity_components') }}
)

select
    edges.node_a,
    edges.node_b,
    component_a.component_key as component_a,
    component_b.component_key as component_b
from edges
inner join components as component_a on component_a.node_key = edges.node_a
inner join components as component_b on component_b.node_key = edges.node_b
where component_a.component_key <> component_b.component_key
