"""Test configuration: the fixtures come from ``core.testing``, shipped for plugin authors too."""

pytest_plugins = ["core.testing"]
