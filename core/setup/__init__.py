"""The contract of ``ohs setup``: a step (``SetupStep``), its answers and its context; the runner is in core/cli/setup/."""
