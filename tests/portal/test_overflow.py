"""An id beyond what the database holds is a missing object (a 404), never a 500."""

import pytest

from tests.recruitment import factories

pytestmark = pytest.mark.django_db

HUGE = "9" * 20


def test_huge_ids_are_not_found(client):
    from portal.accounts import ensure_role_groups

    ensure_role_groups()
    client.force_login(factories.operator(username="operator.duzych.liczb"))
    for path in (
        f"/admin/nabory/{HUGE}/zgloszenia/",
        f"/admin/ocena/{HUGE}/",
        f"/admin/ocena/karty/{HUGE}/",
        f"/dokumenty/{HUGE}/dokument/",
    ):
        assert client.get(path).status_code in (403, 404), path
    institution = factories.InstitutionFactory()
    client.force_login(factories.applicant(institution, username="jst.duzych.liczb"))
    assert client.post(f"/konto/nabory/{HUGE}/rozpocznij/").status_code == 404
    assert client.get(f"/konto/zgloszenia/{HUGE}/").status_code == 404
