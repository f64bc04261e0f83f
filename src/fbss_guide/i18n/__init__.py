"""Localisation: gettext catalogs for template and content strings, and Babel data."""
