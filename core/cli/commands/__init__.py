"""Core command groups, one module each."""
