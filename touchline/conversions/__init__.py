"""Server-side conversions: export the ready rows of marts.conversion_events as each ad
platform's payloads, record them in the export ledger, and send them (docs/conversions.md)."""
