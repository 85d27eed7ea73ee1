"""One module per source format; registry.FORMATS lists them (the one place to add one)."""
