"""Fixtures of the recruitment tests: a call index with an open call, role accounts. The demo is
the layer `recruitment_demo` (tests/layers.py)."""

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
