"""Factories for the knowledge area's pages and snippets."""

import factory
import wagtail_factories

from core.choices import CooperationLevel, Sector, Voivodeship
from knowledge.choices import TargetGroup
from knowledge.models import (
    GlossaryTerm,
    GoodPracticeIndexPage,
    GoodPracticePage,
    ModelChapterPage,
    ModelPage,
)


class ModelPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModelPage

    title = "Model Kooperacje 3D"
    slug = "model"


class ModelChapterPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModelChapterPage

    title = factory.Sequence(lambda n: f"Rozdział testowy {n}")
    levels = [CooperationLevel.INSTITUTION]
    lead = "Wprowadzenie do rozdziału."


class GoodPracticeIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GoodPracticeIndexPage

    title = "Dobre praktyki"
    slug = "dobre-praktyki"


class GoodPracticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GoodPracticePage

    title = factory.Sequence(lambda n: f"Praktyka testowa {n:03d}")
    jst_name = factory.Sequence(lambda n: f"Gmina testowa {n}")
    voivodeship = Voivodeship.OPOLSKIE
    sectors = [Sector.SOCIAL_ASSISTANCE]
    levels = [CooperationLevel.CLIENT]
    target_groups = [TargetGroup.FAMILIES]
    problem = "<p>Problem.</p>"
    actions = "<p>Działania.</p>"
    results = "<p>Rezultaty.</p>"


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"Pojęcie {n:03d}")
    slug = factory.Sequence(lambda n: f"pojecie-{n:03d}")
    definition = "<p>Definicja pojęcia.</p>"
