"""Fonts per script and their subsets."""
