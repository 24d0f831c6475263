"""The organization's registers: profile, people and their import, departments, commissions and appointments,
and the validators of what enters them (ИНН, СНИЛС, dates, names)."""
