"""Training and knowledge checks, medical exams, special assessment (СОУТ) and the deadlines they set.

The part module ``plugins/suot/schedule_part.py`` wires these modules into the plugin; each module
here is small and imports the database layer inside its functions.
"""
