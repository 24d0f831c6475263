"""Demo data (placeholder replaced in the demo step)."""


def add_demo_ppe(session, org, people, today):
    """Nothing yet."""
