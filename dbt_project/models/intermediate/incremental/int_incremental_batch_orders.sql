-- The orders that changed in this build: one row per order id of the loads it takes in.
-- Empty when the batch is full.
with

batch as (
    select * from {{ ref('int_incremental_batch') }}
),

orders as (
    select * from {{ source('landing', 'orders') }}
)

select distinct orders.order_id
from orders
cross join batch
where not batch.is_full
  and orders.load_id > batch.from_load_id
  and orders.load_id <= batch.to_load_id
