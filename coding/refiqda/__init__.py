"""REFI-QDA (QDA-XML 1.0) exchange: codebooks (.qdc) and projects (.qdpx).

REFI-QDA (QDA-XML 1.0) exchange: codebooks (.qdc) and projects (.qdpx), read safely and written
valid against the schemas kept beside this file (schemas/, MIT-licensed by REFI)."""
