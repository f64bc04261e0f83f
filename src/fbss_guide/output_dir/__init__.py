"""The output folder: atomic writes, files the tool owns, stale outputs, the build cache."""
