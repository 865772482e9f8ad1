"""Views of the recruitment, one module per audience (applicant.py: the JST's area)."""
