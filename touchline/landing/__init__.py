"""Landing: load the files users bring into the warehouse's `raw` and `audit` schemas."""
