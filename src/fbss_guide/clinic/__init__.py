"""A clinic's details: its file and logo, texts per language, phone numbers."""
