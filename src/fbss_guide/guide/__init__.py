"""The content stage: YAML files to a typed, checked Guide."""
