"""Storage: the engine and sessions (``db``), the core's tables (``models``), migrations, backup and restore."""
