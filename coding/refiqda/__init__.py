"""REFI-QDA (QDA-XML 1.0) exchange: codebooks (.qdc) and projects (.qdpx).

Both are read safely and written valid against the schemas kept beside this file (schemas/,
MIT-licensed by REFI)."""
