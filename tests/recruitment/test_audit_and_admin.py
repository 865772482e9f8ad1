"""The audit log is append-only and read-only in the admin; the JST registry is an admin snippet."""

import pytest

from recruitment.models import AuditLogEntry, AuditLogImmutable, Institution
from recruitment.workflow import fire
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(draft_application, applicant):
    fire(draft_application, "submit", applicant, ip_address="192.0.2.10")
    return AuditLogEntry.objects.get()


def _unchanged(entry):
    stored = AuditLogEntry.objects.get(pk=entry.pk)
    return (stored.action, stored.username, stored.details, stored.ip_address) == (
        "submit",
        "wnioskodawca.brzeg",
        entry.details,
        "192.0.2.10",
    )


def test_an_entry_cannot_be_changed_or_deleted(entry):
    entry.action = "withdraw"
    with pytest.raises(AuditLogImmutable):
        entry.save()
    with pytest.raises(AuditLogImmutable):
        entry.delete()
    with pytest.raises(AuditLogImmutable):
        AuditLogEntry.objects.filter(pk=entry.pk).update(action="withdraw")
    with pytest.raises(AuditLogImmutable):
        AuditLogEntry.objects.all().delete()
    with pytest.raises(AuditLogImmutable):
        AuditLogEntry.objects.bulk_update([entry], ["action"])
    assert AuditLogEntry.objects.count() == 1
    assert _unchanged(entry)


def test_deleting_the_account_leaves_the_entry_as_it_was(entry, applicant):
    user_id = applicant.pk
    applicant.institution_membership.delete()
    applicant.delete()
    stored = AuditLogEntry.objects.get(pk=entry.pk)
    assert (stored.user_id, stored.username) == (user_id, "wnioskodawca.brzeg")
    assert _unchanged(entry)


def test_an_application_with_history_cannot_be_deleted(entry, draft_application):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        draft_application.delete()


def test_operators_read_the_audit_log_in_the_admin_but_nobody_edits_it(client, entry, operator):
    from django.contrib.auth.models import Permission

    operator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(operator)
    response = client.get("/admin/dziennik-zdarzen/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "wnioskodawca.brzeg" in body and "192.0.2.10" in body
    assert "/admin/dziennik-zdarzen/add/" not in body
    inspect = client.get(f"/admin/dziennik-zdarzen/inspect/{entry.pk}/")
    assert inspect.status_code == 200

    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    for url in (
        "/admin/dziennik-zdarzen/add/",
        f"/admin/dziennik-zdarzen/edit/{entry.pk}/",
        f"/admin/dziennik-zdarzen/delete/{entry.pk}/",
    ):
        assert client.get(url).status_code in (302, 403), url
        client.post(url, {"action": "withdraw"})
    assert _unchanged(entry)


def test_the_jst_registry_lists_filters_and_validates_in_the_admin(client, operator):
    from django.contrib.auth.models import Permission

    from recruitment.roles import ensure_recruitment_permissions

    ensure_recruitment_permissions()
    operator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(operator)
    factories.InstitutionFactory(name="Gmina Miasto Oświęcim", teryt="1213011")
    factories.InstitutionFactory(name="Gmina Brzeg", teryt="1601011")

    listing = client.get("/admin/jst/", {"voivodeship": "12"})
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Gmina Miasto Oświęcim" in body and "Gmina Brzeg" not in body
    search = client.get("/admin/jst/", {"q": "Brzeg"})
    assert "Gmina Brzeg" in search.content.decode()

    data = {
        "name": "Powiat Nyski",
        "jst_type": "powiat",
        "teryt": "1610",
        "regon": "531413433",
        "nip": "7543007181",
        "street_address": "ul. Piastowska 33",
        "postal_code": "48-300",
        "city": "Nysa",
        "population": "140000",
        "population_year": "2017",
        "centre_name": "PCPR w Nysie",
        "centre_kind": "pcpr",
        "centre_street_address": "ul. Piastowska 33",
        "centre_postal_code": "48-300",
        "centre_city": "Nysa",
        "centre_email": "pcpr@example.pl",
        "centre_phone": "77 000 00 00",
    }
    response = client.post("/admin/jst/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Niepoprawny numer REGON: cyfra kontrolna się nie zgadza." in html
    assert "Niepoprawny numer NIP: cyfra kontrolna się nie zgadza." in html
    assert not Institution.objects.filter(name="Powiat Nyski").exists()

    data.update(regon="531413432", nip="754-300-71-80")
    assert client.post("/admin/jst/add/", data).status_code == 302
    stored = Institution.objects.get(name="Powiat Nyski")
    assert (stored.teryt, stored.regon, stored.nip) == ("1610", "531413432", "7543007180")


def test_an_entry_of_a_deleted_account_shows_its_actor_by_name(client, entry, applicant, operator):
    from django.contrib.auth.models import Permission

    applicant.institution_membership.delete()
    applicant.delete()  # the entry keeps the id of an account that is gone, and its name
    operator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(operator)
    inspect = client.get(f"/admin/dziennik-zdarzen/inspect/{entry.pk}/")
    assert inspect.status_code == 200
    body = inspect.content.decode()
    assert "wnioskodawca.brzeg" in body and "192.0.2.10" in body
    listing = client.get("/admin/dziennik-zdarzen/")
    assert listing.status_code == 200 and "wnioskodawca.brzeg" in listing.content.decode()
