"""The event pages, in both languages (their .ics files are in balikpapan_umkm/urls.py)."""

from django.urls import path

from . import event_views

app_name = "events"
urlpatterns = [
    path("acara/", event_views.EventListView.as_view(), name="list"),
    path("acara/<slug:slug>/", event_views.EventDetailView.as_view(), name="detail"),
]
