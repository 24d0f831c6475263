"""Documents: the Jinja2 environment, the structure markup and the DOCX writer."""
