-- The pixel events whose kept copy this build recomputes: one row per event id of the loads
-- it takes in (a new copy can replace the kept one). Empty when the batch is full.
{{ incremental_batch_keys(source('landing', 'pixel_events'), 'event_id') }}
