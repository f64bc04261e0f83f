"""`fbss-guide serve`: the clinic web form on the build engine (see docs/serving.md)."""
