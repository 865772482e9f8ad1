"""Fixtures of the knowledge tests: the site shell and the knowledge demo, nothing else."""

import io

import pytest


@pytest.fixture
def knowledge_demo(db):
    """The home page from portal's demo and the knowledge demo on top of it.

    Only the two loaders this area depends on run, so that these tests do not depend on the
    state of other areas' demo content.
    """
    from django.db import connection

    from wagtail.models import Site

    from knowledge import demo as knowledge_demo_module
    from portal import demo as portal_demo

    pending = len(connection.run_on_commit)
    portal_demo.load(io.StringIO())
    knowledge_demo_module.load(io.StringIO())
    # The test's transaction never commits, so the on-commit work queued by the demo (the
    # Model's PDF) would only linger and mask what a test publishes itself: drop it. Tests
    # that need the PDF publish a page inside django_capture_on_commit_callbacks.
    del connection.run_on_commit[pending:]
    return Site.objects.get(is_default_site=True)
