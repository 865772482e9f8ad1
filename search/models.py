"""Models of the search area (filled by the search issue)."""
