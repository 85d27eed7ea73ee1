"""The Touchline pixel: the storefront snippet and the Shopify custom pixel (docs/pixel.md)."""
