"""What the organization owes and when: deadlines (``due``), findings (``checks``) and the rules as dated data."""
