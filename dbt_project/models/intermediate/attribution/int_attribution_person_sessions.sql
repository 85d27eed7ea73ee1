-- Sessions with the person they belong to: one row per session. The person comes from the
-- identity graph through the session's visitor, so an identity merge moves old sessions into
-- the merged person on the next build. Incremental by visitor: a build recomputes the
-- visitors with new sessions or a new person (int_incremental_batch_person_visitors).
{{ incremental_config(unique_key='visitor_id', batch_keys='int_incremental_batch_person_visitors') }}
with

sessions as (
    select * from {{ ref('int_sessions') }}
    where {{ in_incremental_batch('visitor_id', 'int_incremental_batch_person_visitors') }}
),

identities as (
    select * from {{ ref('int_identity_components') }}
)

-- every session column, as int_sessions defines them, and the session's person
select
    sessions.*,  -- noqa: AM04
    identities.person_id
from sessions
inner join identities
    on identities.identifier_type = 'visitor_id'
    and identities.identifier = sessions.visitor_id
