"""Calls for JST, applications, evaluation, ranking and appeals."""
