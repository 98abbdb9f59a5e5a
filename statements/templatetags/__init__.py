"""Template tags of the study pages."""
