"""Checks run on content, generated HTML and built PDFs."""
