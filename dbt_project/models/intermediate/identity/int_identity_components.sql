-- The person of every identifier: one row per identifier (node). A person is a connected
-- component of the identity graph; person_id hashes the component's smallest node key, so
-- the same inputs give the same ids on every build, full or incremental.
--
-- Incremental by component: a build recomputes the components its batch can have changed
-- (the previous components of the batch's identifiers and of their neighbours) and leaves
-- every other person as it was. Components are closed under edges, so the recomputed part is
-- a graph of its own. Identifiers without edges (most visitors) are persons of their own and
-- skip label propagation.
--
-- The batch's identifiers include every new and every removed node: int_identity_nodes
-- replaces exactly the batch's identifiers (its rows of any other key stay as they are), and
-- a build takes in every load since the oldest one a model recorded, so the loads since this
-- model's last build are in it. So the scope reads the previous components by the batch's
-- identifiers only, not every node against every previous one (two whole-table anti-joins).
{{ incremental_config(
    unique_key='node_key',
    post_hook=["{{ delete_rows_without('node_key', ref('int_identity_nodes'), ref('int_incremental_batch_identifiers')) }}"],
) }}
{%- set batch_relation = ref('int_incremental_batch') %}
{%- set batch_identifiers = ref('int_incremental_batch_identifiers') %}
{%- set nodes_relation = ref('int_identity_nodes') %}
{%- set edges_relation = ref('int_identity_edges') %}
{#- On DuckDB and Spark the label rounds run one statement at a time and stop when the labels
    settle (3 rounds on 10 million events, where the unrolled chain computed all 20: 46 s -> a
    few). Unit tests (whose inputs are CTEs) and other adapters use the unrolled chain. -#}
{%- set iterate = execute and flags.WHICH in ('run', 'build') and target.type in ('duckdb', 'spark')
    and not (nodes_relation | string).startswith('__dbt__cte__') %}
{%- set scope_ctes %}
nodes as (
    select * from {{ nodes_relation }}
),

edges as (
    select * from {{ edges_relation }}
),

batch as (
    select * from {{ batch_relation }}
),

{% if is_incremental() -%}
previous as (
    select node_key, component_key from {{ this }}
),

changed_nodes as (
    select node_key from {{ batch_identifiers }}
),

-- a new edge has at least one changed end; its other end's component is recomputed too
touched_nodes as (
    select node_key from changed_nodes
    union
    select edges.node_b from edges inner join changed_nodes on changed_nodes.node_key = edges.node_a
    union
    select edges.node_a from edges inner join changed_nodes on changed_nodes.node_key = edges.node_b
),

recomputed_components as (
    select distinct previous.component_key
    from previous
    inner join touched_nodes on touched_nodes.node_key = previous.node_key
),

scope as (
    select node_key from touched_nodes
    union
    select previous.node_key
    from previous
    inner join recomputed_components on recomputed_components.component_key = previous.component_key
),

scope_nodes as (
    select nodes.*
    from nodes
    where (select is_full from batch)
       or nodes.node_key in (select node_key from scope)
)
{%- else %}
scope_nodes as (
    select * from nodes
)
{%- endif %}
{%- endset %}

{%- if iterate %}
{%- do tl_create_temp_table('__identity_scope_nodes', "with " ~ scope_ctes ~ " select * from scope_nodes") %}
{%- do tl_create_temp_table('__identity_scope_edges', identity_scope_edges(edges_relation, '__identity_scope_nodes')) %}
{%- do tl_create_temp_table('__identity_linked_nodes', identity_linked_nodes('__identity_scope_edges')) %}
{%- do attribution_connected_components_iterated('__identity_linked_nodes', '__identity_scope_edges', var('identity_label_rounds', 20)) %}
with

batch as (
    select * from {{ batch_relation }}
),

scope_nodes as (
    select * from __identity_scope_nodes
),

linked_nodes as (
    select * from __identity_linked_nodes
),

labels_final as (
    select * from __identity_labels
),
{%- else %}
with

{{ scope_ctes }},

scope_edges as (
    {{ identity_scope_edges('edges', 'scope_nodes') }}
),

linked_nodes as (
    {{ identity_linked_nodes('scope_edges') }}
),

{{ attribution_connected_components('linked_nodes', 'scope_edges', var('identity_label_rounds', 20)) }},
{%- endif %}

labels as (
    select node_key, component_key from labels_final
    union all
    select scope_nodes.node_key, scope_nodes.node_key as component_key
    from scope_nodes
    left join linked_nodes on linked_nodes.node_key = scope_nodes.node_key
    where linked_nodes.node_key is null
)

select
    scope_nodes.node_key,
    scope_nodes.identifier_type,
    scope_nodes.identifier,
    labels.component_key,
    {{ dbt.hash('labels.component_key') }} as person_id,
    -- downstream models recompute the visitors and persons assigned in this build
    batch.to_load_id as assigned_through_load_id
from scope_nodes
inner join labels on labels.node_key = scope_nodes.node_key
cross join batch
