"""Template tags of the coding pages."""
