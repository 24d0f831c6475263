"""ohs-toolkit core: what every plugin stands on."""
