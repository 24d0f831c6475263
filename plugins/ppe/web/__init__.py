"""The СИЗ plugin on the desk: its section of a worker's card (``person_card_sections``).

The plugin has no page of its own yet (issue, return and write-off are ``ohs ppe`` commands); the card shows
what the journal holds for the worker, read by the services of ``ohs ppe history`` and ``ohs ppe card``.
"""
