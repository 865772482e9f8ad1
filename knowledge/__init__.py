"""The Model Kooperacje 3D, good practices and the glossary."""
