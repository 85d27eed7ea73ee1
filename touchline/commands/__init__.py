"""The `touchline` sub-commands, one module each."""
