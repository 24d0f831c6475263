"""``ohs setup``: the guided first run, step by step, each step calling the services of its plain command.

``core.setup.steps`` defines a step and the answers it reads (the hook's contract), ``core_steps.py`` the core's steps (profile,
people, head, OSH specialist, commission, instructors, the closing check), ``runner.py`` runs them in
order (plugins add theirs through the ``setup_steps`` hook), ``answers_file.py`` reads ``--answers``.
"""
