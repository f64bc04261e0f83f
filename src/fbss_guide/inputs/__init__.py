"""Reading untrusted files safely: YAML with line numbers, text hygiene, regular files
inside a folder."""
