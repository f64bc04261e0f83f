"""The build's stages, one module each: plan (what is stale, by cache key), load (the
checked content), run (check catalogs, render, hand PDFs to workers, write), report."""
