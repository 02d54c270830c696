"""The report as a Word document: export (``export.py``) and reading last year's report back in."""
