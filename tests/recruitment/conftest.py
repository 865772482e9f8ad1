"""Fixtures of the recruitment tests: a call index with an open call, role accounts, the demo."""

import io

from wagtail.models import Site

import pytest

from tests.factories import default_site
from tests.recruitment import factories


@pytest.fixture
def call_index(db):
    root = default_site().root_page
    return factories.CallIndexPageFactory(parent=root)


@pytest.fixture
def open_call(call_index):
    return factories.CallPageFactory(parent=call_index, number="5/2026/OP")


@pytest.fixture
def institution(db):
    return factories.InstitutionFactory(name="Gmina Miejska Brzeg", teryt="1601011")


@pytest.fixture
def applicant(institution):
    return factories.applicant(institution, username="wnioskodawca.brzeg")


@pytest.fixture
def operator(db):
    return factories.operator(username="operator.naboru")


@pytest.fixture
def chair(db):
    return factories.chair(username="przewodniczacy.komisji")


@pytest.fixture
def draft_application(open_call, institution, applicant):
    return factories.ApplicationFactory(
        call=open_call, institution=institution, created_by=applicant
    )


@pytest.fixture
def recruitment_demo(db):
    """The site shell, the documents registry and the recruitment demo, nothing else."""
    from django.db import connection

    from documents import demo as documents_demo
    from portal import demo as portal_demo
    from recruitment import demo as recruitment_demo_module

    pending = len(connection.run_on_commit)
    portal_demo.load(io.StringIO())
    documents_demo.load(io.StringIO())
    recruitment_demo_module.load(io.StringIO())
    # The test's transaction never commits; drop the on-commit work the demo queued.
    del connection.run_on_commit[pending:]
    return Site.objects.get(is_default_site=True)
