"""Fixtures of the account tests: a JST of the registry and its primary account."""

import pytest

from tests.recruitment import factories

PASSWORD = "Haslo-Testowe-123"


@pytest.fixture
def institution(db):
    return factories.InstitutionFactory(name="Gmina Miejska Brzeg", teryt="1601011")


@pytest.fixture
def primary(institution):
    return factories.applicant(institution, username="jan@brzeg.pl", email="jan@brzeg.pl")


@pytest.fixture
def colleague(institution, primary):
    return factories.applicant(
        institution, is_primary=False, username="ola@brzeg.pl", email="ola@brzeg.pl"
    )
