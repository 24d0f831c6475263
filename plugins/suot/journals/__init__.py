"""Generated briefing journals: the journal of the introductory briefing and the workplace journal per department.

The records themselves are the hash-chained briefing journal of the core (core/journal/briefings.py); this
package selects, numbers and cross-references its entries for printing. ``entries`` reads them in
one query, ``documents`` holds the two document kinds, ``commands`` the ``ohs suot journal`` group.
"""
