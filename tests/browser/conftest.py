"""Fixtures of the browser flows that change data: what they need, built with factories and
committed (the live server reads it from its own connection), instead of the whole demo."""

import pytest

from tests.factories import default_site
from tests.recruitment import factories


@pytest.fixture
def open_call(transactional_db):
    """The open call 1/2026/OP of ROPS Opole for the JST of opolskie, under /nabory/."""
    index = factories.CallIndexPageFactory(parent=default_site().root_page)
    return factories.CallPageFactory(
        parent=index,
        title="Nabór jednostek samorządu terytorialnego do pilotażu Modelu Kooperacje 3D",
        slug="1-2026-op",
        number="1/2026/OP",
    )
