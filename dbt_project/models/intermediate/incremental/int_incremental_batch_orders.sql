-- The orders that changed in this build: one row per order id of the loads it takes in.
-- Empty when the batch is full.
{{ incremental_batch_keys(source('landing', 'orders'), 'order_id') }}
