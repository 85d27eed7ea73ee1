-- One row per identifier (visitor id, email hash, customer id) with the person it belongs
-- to. Identifiers blocked by the guardrails are not here: see audit.shared_identifiers.
-- A view: a projection of the incremental table below it, so it costs nothing to keep current.
{{ config(materialized='view') }}
with

components as (
    select * from {{ ref('int_identity_components') }}
)

select
    identifier_type,
    identifier,
    person_id
from components
