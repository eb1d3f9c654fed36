"""One module per CLI verb; each reads like a recipe of calls into the library."""
