"""Full-text search over pages and documents."""
