"""Versioned rule data and its loader."""
