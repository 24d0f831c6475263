"""The core's pages, one module per area; each exposes ``routes()`` (Starlette routes)."""
