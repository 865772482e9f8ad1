"""Shared vocabularies and helpers, the lowest layer: every other app may import it, it imports
no app of the project (tests/test_import_structure.py)."""
