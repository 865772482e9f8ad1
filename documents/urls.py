"""Public URLs of the registry, included at /dokumenty/."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_index, name="index"),
    path("<int:document_id>/pobierz/<str:filename>", views.download, name="download"),
    path("<int:document_id>/<slug:slug>/", views.document_detail, name="detail"),
]
