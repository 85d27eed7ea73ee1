-- The identity-graph nodes whose edges a build recomputes (int_identity_edges, incremental by
-- its smaller node key, node_a): the batch's identifiers and every identifier a link joins to
-- one of them. One row per node key. Empty when the batch is full.
--
-- Complete: an edge changes only when a link between its two ends appears or disappears (both
-- ends are then batch identifiers: every identifier of every copy, old and new, of a batch
-- event or order) or when one end becomes blocked or unblocked (its visitor degree changed,
-- so one of its links did: that end is a batch identifier, and the links that make the edge
-- still join the other end to it; the configured blocks are settings, whose change rebuilds
-- everything). Either way both ends are listed here.
with

batch_identifiers as (
    select * from {{ ref('int_incremental_batch_identifiers') }}
),

links as (
    select * from {{ ref('int_identity_links') }}
),

keyed_links as (
    select {{ identity_link_node_keys('links') }}
    from links
),

touching_links as (
    select keyed_links.key_a, keyed_links.key_b
    from keyed_links
    where keyed_links.key_a in (select batch_identifiers.node_key from batch_identifiers)
       or keyed_links.key_b in (select batch_identifiers.node_key from batch_identifiers)
)

select batch_identifiers.node_key as node_a from batch_identifiers
union
select touching_links.key_a from touching_links
union
select touching_links.key_b from touching_links
