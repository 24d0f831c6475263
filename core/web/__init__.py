"""The specialist's desk: ``ohs serve``, a web interface over the same services as the command line.

Nothing here is imported by the command line's start-up: ``ohs serve`` imports :mod:`core.web.server`,
which builds the Starlette application from every plugin's ``web_pages`` hook (the core's pages included).
"""
