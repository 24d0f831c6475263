"""Document templates: one folder per plugin, base/ for shared blocks."""
