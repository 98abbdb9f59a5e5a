"""The optional parts of a version-2 study file, one reader/writer module per app that owns them:
coding.py (codebook, codings, memos) and phases.py (phases, phase_scenarios, phase_log)."""
