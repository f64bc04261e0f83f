"""HTML from the Guide: the Jinja2 environment, citation numbering, the portable HTML."""
