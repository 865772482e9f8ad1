"""Fixtures of the knowledge tests: the knowledge demo is the layer `knowledge_demo`
(tests/layers.py), built once per run."""
