"""Demo content of the knowledge area: what it holds, idempotence, and a flushed database."""

import io

from django.core.management import call_command

from wagtail.models import Page

import pytest

from knowledge import demo
from knowledge.models import (
    GlossaryTerm,
    GoodPracticePage,
    ModelChapterPage,
    Participant,
)
from portal import demo as portal_demo


def _counts():
    return (
        Page.objects.count(),
        GlossaryTerm.objects.count(),
        Participant.objects.count(),
        sum(t.see_also.count() for t in GlossaryTerm.objects.all()),
    )


@pytest.mark.django_db
def test_demo_model_has_six_chapters_across_the_three_levels(knowledge_demo):
    chapters = ModelChapterPage.objects.live()
    assert chapters.count() >= 6
    levels = {level for chapter in chapters for level in chapter.levels}
    assert levels == {"institution", "employee", "client"}


@pytest.mark.django_db
def test_demo_practices_cover_the_four_voivodeships(knowledge_demo):
    practices = GoodPracticePage.objects.live()
    assert practices.count() == 10
    assert set(practices.values_list("voivodeship", flat=True)) == {"24", "10", "12", "16"}
    assert all(p.is_example for p in practices)


@pytest.mark.django_db
def test_demo_participants_name_the_sourced_jst_and_mark_the_sample(knowledge_demo):
    sourced = Participant.objects.filter(is_sample=False)
    assert set(sourced.values_list("name", flat=True)) == {
        "Gmina Miasto Oświęcim",
        "Powiat Oświęcimski",
    }
    assert all(p.agreement_document_id for p in sourced)
    samples = Participant.objects.filter(is_sample=True)
    assert 1 <= samples.count() <= 6
    assert all("dane demonstracyjne" in p.name for p in samples)


@pytest.mark.django_db
def test_participants_tables_name_the_voivodeship_in_the_genitive(client, knowledge_demo):
    html = client.get("/uczestnicy/").content.decode()
    assert "Uczestniczące JST z województwa małopolskiego</caption>" in html
    assert "z województwa małopolskie<" not in html


@pytest.mark.django_db
def test_knowledge_pages_are_in_the_main_menu(client, knowledge_demo):
    html = client.get("/").content.decode()
    menu = html.split('class="main-nav', 1)[1].split("</nav>", 1)[0]
    for url in ("/model/", "/dobre-praktyki/", "/slownik/", "/uczestnicy/"):
        assert f'href="{url}"' in menu


@pytest.mark.django_db
def test_second_run_adds_nothing(knowledge_demo):
    before = _counts()
    demo.load(io.StringIO())
    assert _counts() == before
    demo.load(io.StringIO(), refresh=True)
    assert _counts() == before


@pytest.mark.django_db(transaction=True)
def test_demo_loads_on_a_flushed_database():
    call_command("flush", interactive=False, verbosity=0)
    portal_demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert ModelChapterPage.objects.count() == len(demo.CHAPTERS)
    assert GlossaryTerm.objects.count() == len(demo.GLOSSARY)
    assert Page.objects.get(url_path="/kooperacje-3d/uczestnicy/").live
