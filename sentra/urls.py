from django.urls import path

from . import views

app_name = "sentra"
urlpatterns = [
    path("kecamatan/", views.KecamatanListView.as_view(), name="kecamatan-list"),
    path("progres/", views.ProgressView.as_view(), name="progres"),
]
