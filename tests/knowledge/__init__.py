"""Tests of the knowledge area: the Model, good practices, glossary and participants."""
