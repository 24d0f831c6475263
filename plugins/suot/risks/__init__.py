"""Occupational risks and the control of the СУОТ (п. 6, 14.4–14.5, 16 of the school's regulation).

- :mod:`.matrix` — the 5×5 matrix, its levels and colours (data with ohs.toml overrides);
- :mod:`.hazards` — the hazard catalogue (the regulation's list plus the user's own hazards);
- :mod:`.assessments` — risk assessments by workplace, as records (a re-assessment is a new record);
- :mod:`.links` — measures of the plan linked to a risk or a control finding;
- :mod:`.control` — control acts of the three-stage control and their findings;
- :mod:`.documents`, :mod:`.review` — the risk map, the control act and the management review;
- :mod:`.demo` — the demo school's register and acts.
"""
