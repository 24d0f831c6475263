"""Documents: the Jinja2 environment, the structure markup and the DOCX writer.

template (Jinja2, sandboxed) ─▶ structure markup (``<document>``, ``<p>``, ``<table>``…)
─▶ DOCX (ГОСТ Р 7.0.97 styles) ─▶ PDF (LibreOffice, optional).

- ``environment``: ``make_environment``, ``render_markup``, ``render_docx``; workspace overrides first.
- ``sandbox``: ``DocumentEnvironment``, the sandbox with the loop guard and the operator checks.
- ``limits``: the caps on render time, document length and single operations, and why their values.
- ``template_files``: template names that stay inside the template folders; templates as plain files.
- ``markup``: the structure format (see ``templates/README.md``), its parser and item numbering.
- ``docx_writer`` / ``docx_tables`` / ``ooxml``: ``write_docx``, tables as strings, the fixed parts.
- ``textclean``: values made safe for the markup (control characters, escaping, line breaks).
- ``pdf``: ``to_pdf`` through ``soffice --headless``.
- ``russian``: Russian filters (dates in words, initials, declension).
"""
