"""Incidents (accidents, micro-traumas, occupational diseases, emergencies), injury indicators, Social Fund values.

The incident journal is a hash chain like the briefing journal (core/journal/): an entry is never
edited; opening a case, closing it and correcting it are separate entries, and a case's current
state is derived from its entries. Modules:

- ``models`` — the tables;
- ``chain`` — appending entries, deriving case state, verifying the chain;
- ``cases`` — validation and the services ``open_case``, ``close_case``, ``correct_case``;
- ``indicators`` — average headcount, Кч, Кт; ``reference`` — the Social Fund's values by ОКВЭД;
- ``commands`` — ``ohs incidents``; ``documents`` — the registers and the notice; ``demo`` — demo history.
"""
