"""Models of the recruitment area (filled by the recruitment issues)."""
