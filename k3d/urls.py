"""URL configuration: admin, documents, sitemap and the Wagtail page tree."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from documents.sitemaps import RegistryDocumentSitemap
from k3d.bulk_actions import guarded_bulk_action
from portal import views
from recruitment.views.operator.base import refuse_bulk_action
from search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Applications, the audit log and the JST registry have no bulk action: Wagtail's generic
    # confirmation page would list any ids past the scoped listings.
    path(
        "admin/bulk/recruitment/<str:model_name>/<str:action>/",
        refuse_bulk_action,
        name="recruitment_bulk_refused",
    ),
    # Every other bulk action: ids checked before Wagtail's confirmation page lists them.
    path(
        "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
        guarded_bulk_action,
        name="guarded_bulk_action",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("dokumenty/", include("documents.urls")),
    path("konto/", include("accounts.urls")),
    path("konto/", include("recruitment.urls")),
    path("konto/", include("evaluation.account_urls")),
    path("zdrowie/", views.health, name="health"),
    path("szukaj/", search_views.search, name="search"),
    path("api/search/", search_views.api_search, name="api_search"),
    path("api/search/suggest/", search_views.api_suggest, name="api_search_suggest"),
    path("api/search/health/", search_views.health, name="search_health"),
    path("dane/", include("opendata.urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"strony": PageSitemap, "dokumenty": RegistryDocumentSitemap}},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
