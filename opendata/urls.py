"""Open data, included at /dane/: the list, the catalogue and each data set's files."""

from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("katalog.jsonld", views.catalogue, name="catalogue"),
    path("<slug:slug>.csv", views.csv_download, name="csv"),
    path("<slug:slug>.json", views.json_download, name="json"),
    path("<slug:slug>.jsonld", views.dataset_metadata, name="metadata"),
]
