"""`touchline collect`: the HTTP collector behind the pixel (docs/pixel.md)."""
