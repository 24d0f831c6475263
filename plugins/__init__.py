"""Built-in plugins of ohs-toolkit."""
