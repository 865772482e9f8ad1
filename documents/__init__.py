"""The documents registry and the custom Wagtail document model."""
