"""Settings package: base, dev, production and test."""
