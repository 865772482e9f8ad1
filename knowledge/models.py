"""Models of the knowledge area (filled by the portal-and-knowledge issue)."""
