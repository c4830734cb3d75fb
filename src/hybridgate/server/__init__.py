"""HTTP surface: the ASGI app, one module per protocol."""
