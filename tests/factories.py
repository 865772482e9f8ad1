"""factory_boy and wagtail-factories factories for the portal's models."""

import datetime

import factory
import wagtail_factories

from core.choices import Voivodeship
from portal.models import HomePage, NewsIndexPage, NewsPage, PartnerPage, StandardPage, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"uzytkownik{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.pl")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "Haslo-Testowe-123")
        if create:
            obj.save(update_fields=["password"])


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Kooperacje 3D"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Strona {n}")


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Aktualności"
    slug = "aktualnosci"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Wiadomość numer {n}")
    date = factory.Sequence(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n))
    lead = "Krótkie wprowadzenie do wiadomości."


class PartnerPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PartnerPage

    title = factory.Sequence(lambda n: f"Partner {n}")
    full_name = factory.Sequence(lambda n: f"Regionalny Ośrodek numer {n}")
    short_name = factory.Sequence(lambda n: f"ROPS {n}")
    voivodeship = Voivodeship.OPOLSKIE


def default_site():
    """The default Wagtail site. A transactional test (live server, threads) empties every table
    when it ends, the site and page tree that the migrations made included; tests that run after
    one get a fresh locale, root, home page and default site here."""
    from django.conf import settings

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Strona główna", slug="strona-glowna"))
    return Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
